#pragma once

namespace wiredump::ddl {

// pg_dump's --section values, as bits.
enum SectionBits : unsigned {
    pre_data_section = 1,
    data_section = 2,
    post_data_section = 4,
    all_sections = 7,
};

enum class LargeObjectChoice {
    automatic,   // pg_dump's default: dumped unless -n, -t, -e or -s is given
    include,     // -b/--blobs
    exclude,     // -B/--no-blobs
};

// pg_dump's output options that change which entries the archive contains.
// Options that pg_dump 15 accepts for the custom format without changing
// the archive (-O, -c, --if-exists, -C, --no-tablespaces ...) are not here.
struct ContentOptions {
    bool schema_only = false;              // -s
    bool data_only = false;                // -a
    unsigned sections = all_sections;      // --section, repeatable
    LargeObjectChoice large_objects = LargeObjectChoice::automatic;
    bool no_privileges = false;            // -x
    bool no_comments = false;
    bool no_publications = false;
    bool no_subscriptions = false;
    bool no_security_labels = false;
    bool no_toast_compression = false;     // no ALTER COLUMN ... SET COMPRESSION
    bool no_unlogged_table_data = false;
    bool load_via_partition_root = false;
};

}  // namespace wiredump::ddl
