package io.castwire.publishing.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.net.http.HttpHeaders;

/** One answer of a social API: status, headers and the (small, JSON) body as text. */
record ApiResponse(int status, HttpHeaders headers, String body) {

    boolean ok() {
        return status / 100 == 2;
    }

    /** The first value of a header, or null. */
    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The body as JSON; a missing node when it is empty or not JSON, so error paths never throw. */
    JsonNode json() {
        return Json.read(body).orElse(MissingNode.getInstance());
    }
}
