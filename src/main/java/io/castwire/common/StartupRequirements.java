package io.castwire.common;

/**
 * Settings that are needed only once a feature is switched on: a destination that is
 * {@code enabled} needs its site and the environment variables its credentials are read from.
 * {@link RequirementsValidator} checks them when the properties are bound, so the hub does not
 * start with a destination that can only fail.
 */
public interface StartupRequirements {

    /** Declares, for what is switched on, the settings that must not be blank and the credential variables that must be set. */
    void declare(Requirements requirements);

    /** What {@link #declare} reports to. */
    interface Requirements {

        /**
         * A setting that must not be blank.
         *
         * @param field the property path below the class's prefix, in Java form ({@code author}, {@code sources[0].show})
         * @param because the feature that needs it, e.g. {@code castwire.publish.linkedin is enabled}
         * @param switchOff how to switch that feature off instead, e.g. {@code set castwire.publish.linkedin.enabled=false}
         */
        void setting(String field, Object value, String because, String switchOff);

        /**
         * A credential: {@code variable} (the value of the {@code *-env} setting {@code field}) must be set
         * and not blank in the hub's environment.
         */
        void credential(String field, String variable, String because, String switchOff);
    }
}
