package io.castwire;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CastwireApplication {
    public static void main(String[] args) {
        // no Java deserialization anywhere in the hub (see STACK.md advisories)
        if (System.getProperty("jdk.serialFilter") == null) {
            System.setProperty("jdk.serialFilter", "!*");
        }
        SpringApplication.run(CastwireApplication.class, args);
    }
}
