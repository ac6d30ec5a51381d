package io.castwire.support.fakes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Form bodies as the fakes' APIs read them: urlencoded and multipart/form-data. */
public final class Forms {

    /** One multipart part: its file name (null for a plain field), type and bytes. */
    public record Part(String name, String fileName, String contentType, byte[] bytes) {
        /** The part as UTF-8 text. */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private Forms() {
    }

    /** The fields of an urlencoded string (a query or a form body); the last value wins. */
    public static Map<String, String> urlencoded(String encoded) {
        Map<String, String> out = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    /**
     * The parts of a multipart/form-data body, by name; null when the content type is not
     * multipart or the body does not follow RFC 7578 (a real API answers 400 then).
     */
    public static Map<String, Part> multipart(String contentType, byte[] body) {
        if (contentType == null || !contentType.startsWith("multipart/form-data") || !contentType.contains("boundary=")) {
            return null;
        }
        byte[] delimiter = ("--" + contentType.substring(contentType.indexOf("boundary=") + 9).replace("\"", ""))
                .getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Part> parts = new LinkedHashMap<>();
        int pos = indexOf(body, delimiter, 0);
        if (pos < 0) {
            return null;
        }
        while (true) {
            int start = pos + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
                return parts;
            }
            start += 2; // CRLF after the delimiter
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            int next = indexOf(body, delimiter, start);
            if (headersEnd < 0 || next < 0) {
                return null;
            }
            String headers = new String(body, start, headersEnd - start, StandardCharsets.UTF_8);
            byte[] content = Arrays.copyOfRange(body, headersEnd + 4, next - 2); // CRLF before the delimiter
            String name = param(headers, "name");
            parts.put(name, new Part(name, param(headers, "filename"), header(headers, "Content-Type"), content));
            pos = next;
        }
    }

    /** URL-encodes a form value. */
    public static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String param(String headers, String key) {
        String marker = " " + key + "=\"";
        int i = headers.indexOf(marker);
        if (i < 0) {
            marker = ";" + key + "=\"";
            i = headers.indexOf(marker);
        }
        if (i < 0) {
            return null;
        }
        int from = i + marker.length();
        return headers.substring(from, headers.indexOf('"', from));
    }

    private static String header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).strip();
            }
        }
        return null;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
