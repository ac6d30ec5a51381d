package io.castwire.common.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;

/**
 * What each role may ask Jolokia. Everyone logged in: {@code read}, {@code list}, {@code search},
 * {@code version} (except reads of {@code java.lang:type=Runtime}, whose system properties and
 * arguments can carry a command line's secrets), the read-only Camel operations Hawtio shows
 * (statistics, route definitions) and Hawtio's own tree counter and permission check.
 * Admins in addition: {@code exec} of {@code start()} and {@code stop()} on one Camel route MBean
 * ({@code org.apache.camel:type=routes}). Everything else (write, other operations, another MBean,
 * a proxy {@code target}, notifications) is refused.
 */
public final class JolokiaGuard {

    private static final Set<String> READ_TYPES = Set.of("read", "list", "search", "version");
    private static final Set<String> ROUTE_OPERATIONS = Set.of("start", "stop");
    /** Read-only operations Hawtio's Camel views call on the context and route MBeans. */
    private static final Set<String> STATS_OPERATIONS = Set.of("dumpRouteStatsAsXml", "dumpStatsAsXml",
            "dumpRoutesAsXml", "isUpdateRouteEnabled");
    /** Read-only operations of Hawtio's own MBeans: the JMX tree's change counter, its permission check. */
    private static final Set<String> HAWTIO_OPERATIONS = Set.of("getCounter", "canInvoke");

    private final ObjectMapper json;

    public JolokiaGuard(ObjectMapper json) {
        this.json = json;
    }

    /** A refusal: why, for the 403 answer; null when allowed. */
    public String checkPost(byte[] body, boolean admin) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (java.io.IOException e) {
            return "the request is not JSON";
        }
        if (root == null) {
            return "empty request";
        }
        List<JsonNode> requests = new ArrayList<>();
        if (root.isArray()) {
            root.forEach(requests::add);
        } else {
            requests.add(root);
        }
        if (requests.isEmpty()) {
            return "empty request";
        }
        for (JsonNode r : requests) {
            String refused = check(r, admin);
            if (refused != null) {
                return refused;
            }
        }
        return null;
    }

    /**
     * A GET request: the path after {@code /actuator/jolokia} (or the {@code p} parameter). Only the
     * read-only types are allowed over GET; operations go by POST.
     */
    public String checkGet(String path) {
        String p = path == null ? "" : path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.isEmpty()) {
            return null; // the agent's version
        }
        String type = (p.contains("/") ? p.substring(0, p.indexOf('/')) : p).toLowerCase(Locale.ROOT);
        if (!READ_TYPES.contains(type)) {
            return "only read, list, search and version are allowed with GET";
        }
        String rest = p.substring(type.length()).replaceFirst("^/+", "");
        String mbean = rest.split("(?<!!)/", 2)[0].replace("!/", "/");
        if (type.equals("read") && runtimeMBean(mbean)) {
            return "reading java.lang:type=Runtime is not allowed";
        }
        return null;
    }

    private String check(JsonNode r, boolean admin) {
        if (!r.isObject()) {
            return "each request must be a JSON object";
        }
        if (r.has("target")) {
            return "proxy requests are not allowed";
        }
        String type = r.path("type").asText("").toLowerCase(Locale.ROOT);
        String mbean = r.path("mbean").asText("");
        if (READ_TYPES.contains(type)) {
            if (type.equals("read") && runtimeMBean(mbean)) {
                return "reading java.lang:type=Runtime is not allowed";
            }
            return null;
        }
        if (!type.equals("exec")) {
            return "'" + type + "' is not allowed";
        }
        ObjectName name = objectName(mbean);
        String operation = operationName(r.path("operation").asText(""));
        if (name != null && !name.isPattern() && name.getDomain().equals("hawtio")
                && HAWTIO_OPERATIONS.contains(operation.contains("(") ? operation.substring(0, operation.indexOf('(')) : operation)) {
            return null;
        }
        if (name == null || name.isPattern() || !name.getDomain().equals("org.apache.camel")) {
            return "exec is allowed on Camel MBeans only";
        }
        if (STATS_OPERATIONS.contains(operation)) {
            return null;
        }
        if (!admin) {
            return "starting and stopping routes needs the admin role";
        }
        boolean noArguments = !r.has("arguments") || (r.get("arguments").isArray() && r.get("arguments").isEmpty());
        if ("routes".equals(name.getKeyProperty("type")) && ROUTE_OPERATIONS.contains(operation) && noArguments) {
            return null;
        }
        return "only start() and stop() of a route (org.apache.camel:type=routes) are allowed";
    }

    /** {@code stop()} and {@code stop} are the same operation; a signature must be empty. */
    private static String operationName(String op) {
        int paren = op.indexOf('(');
        if (paren < 0) {
            return op;
        }
        return op.substring(paren).equals("()") ? op.substring(0, paren) : op;
    }

    private static ObjectName objectName(String mbean) {
        try {
            return new ObjectName(mbean);
        } catch (MalformedObjectNameException e) {
            return null;
        }
    }

    /** java.lang:type=Runtime itself, or a pattern that could match it. */
    private static boolean runtimeMBean(String mbean) {
        String m = mbean.trim();
        if (m.isEmpty()) {
            return false;
        }
        ObjectName name = objectName(m);
        if (name == null) {
            return m.toLowerCase(Locale.ROOT).contains("runtime");
        }
        try {
            return name.apply(new ObjectName("java.lang:type=Runtime"));
        } catch (MalformedObjectNameException e) {
            return true;
        }
    }
}
