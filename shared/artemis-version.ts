// The Apache Artemis version the lab downloads when none is named (`download`, `setup --download`, the app):
// the newest this project verified (Maven Central, Java 17 and 21).
export const DEFAULT_ARTEMIS_VERSION = '2.44.0';
