package io.castwire.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What JolokiaGuard lets through for each role, in both request forms. */
class JolokiaGuardTest {

    private final JolokiaGuard guard = new JolokiaGuard(new ObjectMapper());

    private static final String ROUTE = "org.apache.camel:context=castwire,type=routes,name=\\\"publish-wordpress-send\\\"";

    private String post(String body, boolean admin) {
        return guard.checkPost(body.getBytes(StandardCharsets.UTF_8), admin);
    }

    private static String exec(String mbean, String operation) {
        return "{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"" + operation + "\"}";
    }

    @Test
    void everyoneReadsListsSearchesAndAsksTheVersion() {
        for (boolean admin : new boolean[] {false, true}) {
            assertThat(post("{\"type\":\"version\"}", admin)).isNull();
            assertThat(post("{\"type\":\"list\"}", admin)).isNull();
            assertThat(post("{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=routes,*\"}", admin)).isNull();
            assertThat(post("{\"type\":\"READ\",\"mbean\":\"" + ROUTE + "\",\"attribute\":\"State\"}", admin)).isNull();
            assertThat(post(exec("org.apache.camel:context=castwire,type=context,name=\\\"castwire\\\"",
                    "dumpRouteStatsAsXml(boolean,boolean)"), admin)).isNotNull(); // a signature: not the no-arg form
            assertThat(post(exec("org.apache.camel:context=castwire,type=context,name=\\\"castwire\\\"",
                    "dumpRouteStatsAsXml"), admin)).isNull();
        }
    }

    @Test
    void onlyAdminsStartAndStopARoute() {
        for (String op : new String[] {"stop()", "start()", "stop", "start"}) {
            assertThat(post(exec(ROUTE, op), true)).as(op).isNull();
            assertThat(post(exec(ROUTE, op), false)).as(op).contains("admin role");
        }
        assertThat(post("[{\"type\":\"version\"}," + exec(ROUTE, "stop()") + "]", false)).isNotNull();
        assertThat(post("[{\"type\":\"version\"}," + exec(ROUTE, "stop()") + "]", true)).isNull();
    }

    @Test
    void nothingElseGetsThroughForAnyone() {
        for (boolean admin : new boolean[] {false, true}) {
            assertThat(post(exec("java.lang:type=Memory", "gc()"), admin)).isNotNull();
            assertThat(post(exec("org.apache.camel:context=castwire,type=context,name=\\\"castwire\\\"", "stop()"), admin))
                    .isNotNull();
            assertThat(post(exec("org.apache.camel:type=routes,*", "stop()"), admin)).isNotNull();
            assertThat(post(exec(ROUTE, "remove()"), admin)).isNotNull();
            assertThat(post(exec(ROUTE, "suspend()"), admin)).isNotNull();
            assertThat(post(exec(ROUTE, "updateRouteFromXml(java.lang.String)"), admin)).isNotNull();
            assertThat(post("{\"type\":\"exec\",\"mbean\":\"" + ROUTE + "\",\"operation\":\"stop\",\"arguments\":[1]}", admin))
                    .isNotNull();
            assertThat(post("{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}",
                    admin)).isNotNull();
            assertThat(post("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\"}", admin)).isNotNull();
            assertThat(post("{\"type\":\"read\",\"mbean\":\"java.lang:*\"}", admin)).isNotNull();
            assertThat(post("{\"type\":\"notification\",\"command\":\"register\"}", admin)).isNotNull();
            assertThat(post("{\"type\":\"version\",\"target\":{\"url\":\"service:jmx:rmi:///x\"}}", admin)).isNotNull();
            assertThat(post("[]", admin)).isNotNull();
            assertThat(post("not json", admin)).isNotNull();
            assertThat(post("[\"version\"]", admin)).isNotNull();
        }
    }

    @Test
    void getTakesTheReadOnlyTypesOnly() {
        assertThat(guard.checkGet("")).isNull();
        assertThat(guard.checkGet("/version")).isNull();
        assertThat(guard.checkGet("/list")).isNull();
        assertThat(guard.checkGet("/read/java.lang:type=Memory/HeapMemoryUsage")).isNull();
        assertThat(guard.checkGet("/read/java.lang:type=Runtime/SystemProperties")).isNotNull();
        assertThat(guard.checkGet("read/java.lang:type=Runtime")).isNotNull();
        assertThat(guard.checkGet("/exec/java.lang:type=Memory/gc")).isNotNull();
        assertThat(guard.checkGet("/EXEC/" + ROUTE + "/stop")).isNotNull();
        assertThat(guard.checkGet("/write/java.lang:type=Memory/Verbose/true")).isNotNull();
    }
}
