package io.castwire.publishing.social;

import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** An application/x-www-form-urlencoded body (the Graph API's form for writes). */
final class FormBody {

    static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

    private final Map<String, String> fields = new LinkedHashMap<>();

    FormBody field(String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
        return this;
    }

    String encoded() {
        return fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    BodyPublisher publisher() {
        return BodyPublishers.ofString(encoded(), StandardCharsets.UTF_8);
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
