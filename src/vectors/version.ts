// Versions stamped into every golden-vector file and the manifest (vectors/README.md "Versioning").

/**
 * The generator's version. Bump the minor when cases are appended or a suite is added, the major
 * when an existing tcId's meaning, a field's meaning or the file layout changes (consumers pin it).
 */
export const GENERATOR_VERSION = '1.1.0';

/** The schema files' version: bumped with any change to vectors/schema/*.schema.json. */
export const SCHEMA_VERSION = '1.1.0';

/** Where the schemas claim to live: their `$id` is this base plus the file name. */
export const SCHEMA_ID_BASE = 'https://ffa-lab.example/vectors/schema/';
