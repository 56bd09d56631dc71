#pragma once

#include "catalog/lock_capacity.hpp"
#include "catalog/object_selection.hpp"
#include "catalog/sql_quote.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace wiredump::catalog {

// OIDs of the system catalogs that objects are identified by. PostgreSQL
// assigns them in its catalog headers, so every server uses the same values.
inline constexpr std::uint32_t pg_class_oid = 1259;
inline constexpr std::uint32_t pg_type_oid = 1247;
inline constexpr std::uint32_t pg_proc_oid = 1255;
inline constexpr std::uint32_t pg_namespace_oid = 2615;
inline constexpr std::uint32_t pg_attrdef_oid = 2604;
inline constexpr std::uint32_t pg_constraint_oid = 2606;
inline constexpr std::uint32_t pg_database_oid = 1262;
inline constexpr std::uint32_t pg_extension_oid = 3079;

// The first OID that initdb does not hand out: objects below it are built in.
inline constexpr std::uint32_t first_normal_object_id = 16384;

// An object's identity: the OID of the catalog it lives in and its own OID.
struct CatalogId {
    std::uint32_t catalog_table_oid = 0;
    std::uint32_t oid = 0;

    friend bool operator==(const CatalogId&, const CatalogId&) = default;
};

struct NamespaceRecord {
    CatalogId id;
    std::string name;
    std::uint32_t owner_oid = 0;
    std::optional<std::string> acl;          // nspacl, NULL when never granted
    std::string acl_default;                 // acldefault('n', owner)
    bool dumped = false;                     // chosen by pg_dump's schema rules
};

struct ExtensionRecord {
    CatalogId id;
    std::string name;
    std::string schema_name;
    bool relocatable = false;
    std::string version;
    std::string config_tables;               // extconfig as an oid[] literal, "" when NULL
    std::string config_conditions;           // extcondition as a text[] literal
    bool dumped = false;
};

// A member of an extension (pg_depend deptype 'e'): not dumped itself.
struct ExtensionMember {
    CatalogId member;
    std::uint32_t extension_oid = 0;
};

// One pg_class row of the kinds pg_dump reads (r, S, v, c, m, f, p).
struct RelationRecord {
    CatalogId id;
    std::string name;
    std::uint32_t namespace_oid = 0;
    char relkind = 'r';
    std::uint32_t owner_oid = 0;
    std::int64_t check_count = 0;            // relchecks
    bool has_index = false;
    bool has_triggers = false;
    bool has_rules = false;
    char persistence = 'p';                  // 'u' for UNLOGGED
    std::uint32_t of_type = 0;               // reloftype
    std::string of_type_name;                // reloftype::regtype, "" for an untyped table
    std::string foreign_server;              // foreign tables: the server's name
    std::string foreign_options;             // foreign tables: quoted "name 'value'" pairs for OPTIONS (...)
    std::optional<std::string> acl;
    std::string acl_default;
    std::uint32_t owning_table = 0;          // sequences: the table that owns it
    std::int64_t owning_column = 0;
    bool is_identity_sequence = false;
    std::string tablespace;                  // "" for the database default
    std::string access_method;               // "heap" for plain tables, "" when none
    std::vector<std::string> reloptions;     // without check_option
    std::vector<std::string> toast_reloptions;
    std::optional<std::string> check_option; // views: "LOCAL" or "CASCADED"
    bool is_populated = true;
    char replica_identity = 'd';
    bool row_security = false;
    bool force_row_security = false;
    bool is_partition = false;
    std::int64_t pages = 0;                  // relpages plus the toast table's pages
    bool dumped = false;
    // Set for an extension's configuration table or sequence (pg_extension_config_dump) whose
    // rows pg_dump's selection rules write although CREATE EXTENSION creates the relation: the
    // registered condition, such as "WHERE NOT standard", or "" for every row.
    std::optional<std::string> extension_config_filter;
    bool locked = false;                     // ACCESS SHARE taken in this transaction
};

struct ColumnRecord {
    std::int64_t number = 0;                 // attnum
    std::string name;
    std::string type_name;                   // format_type(atttypid, atttypmod)
    std::int64_t statistics_target = -1;     // -1 for the default
    char storage = 'x';
    char type_storage = 'x';
    bool not_null = false;
    bool has_default = false;
    bool is_dropped = false;
    bool is_local = true;
    std::uint32_t collation_oid = 0;         // 0 when it equals the type's collation
    char compression = '\0';                 // 'p' pglz, 'l' lz4, '\0' default
    char identity = '\0';                    // 'a' ALWAYS, 'd' BY DEFAULT
    char generated = '\0';                   // 's' STORED, 'v' VIRTUAL (PostgreSQL 18 and later)
    // The column's not-null constraint in pg_constraint, PostgreSQL 18 and later: its name, and
    // its connoinherit and conislocal. Older servers keep only attnotnull.
    std::string not_null_name;
    bool not_null_no_inherit = false;
    bool not_null_is_local = false;
    bool not_null_validated = true;          // false for NOT VALID, added as a separate constraint
    std::uint32_t not_null_oid = 0;          // pg_constraint OID, for its comment
    std::string options;                     // attoptions joined with ", "
    std::string fdw_options;                 // quoted "name 'value'" pairs joined for OPTIONS (...)
};

struct ColumnDefaultRecord {
    CatalogId id;
    std::uint32_t table_oid = 0;
    std::int64_t column_number = 0;
    std::string expression;                  // pg_get_expr(adbin, adrelid)
    bool separate = false;                   // dumped as its own ALTER TABLE ... SET DEFAULT
};

struct CheckConstraintRecord {
    CatalogId id;
    std::uint32_t table_oid = 0;
    std::string name;
    // 'c' for CHECK, 'n' for a NOT VALID not-null constraint on PostgreSQL 18 and later, which
    // pg_dump 18 adds after the data like a NOT VALID CHECK.
    char type = 'c';
    std::string definition;                  // pg_get_constraintdef
    bool is_local = true;
    bool validated = true;
    bool separate = false;                   // dumped as its own ALTER TABLE ... ADD CONSTRAINT
};

struct IndexRecord {
    CatalogId id;                            // the index relation
    std::uint32_t table_oid = 0;
    std::string name;
    std::string definition;                  // pg_get_indexdef
    std::vector<std::int64_t> key_columns;   // indkey
    std::int64_t key_column_count = 0;       // indnkeyatts
    std::int64_t column_count = 0;           // indnatts
    bool is_clustered = false;
    bool is_replica_identity = false;
    bool nulls_not_distinct = false;
    bool without_overlaps = false;           // conperiod: the last key column has WITHOUT OVERLAPS (18+)
    std::string tablespace;
    std::vector<std::string> reloptions;
    std::uint32_t parent_index = 0;          // partitioned parent index, 0 when none
    std::vector<std::int64_t> statistics_columns;
    std::vector<std::int64_t> statistics_targets;
    // Set when the index implements a PRIMARY KEY, UNIQUE or EXCLUDE constraint.
    char constraint_type = '\0';
    CatalogId constraint_id;
    std::string constraint_name;
    std::string constraint_definition;       // pg_get_constraintdef(oid, false)
    bool deferrable = false;
    bool deferred = false;
};

struct ForeignKeyRecord {
    CatalogId id;
    std::uint32_t table_oid = 0;
    std::uint32_t referenced_index = 0;      // conindid: the unique index the key points at
    std::string name;
    std::string definition;                  // pg_get_constraintdef
};

// The two tables of a foreign key, by OID.
struct ForeignKeyTables {
    std::uint32_t referencing = 0;           // conrelid
    std::uint32_t referenced = 0;            // confrelid
};

struct SequenceRecord {
    std::uint32_t oid = 0;
    std::string type_name;                   // format_type(seqtypid, NULL)
    std::string start;
    std::string increment;
    std::string max_value;
    std::string min_value;
    std::string cache;
    bool cycle = false;
    // The current value, read in the dump's snapshot.
    std::string last_value;
    bool is_called = false;
};

struct DatabaseRecord {
    CatalogId id;
    std::string name;
    std::uint32_t owner_oid = 0;
    std::string encoding;
    std::string locale_provider;             // datlocprovider: 'c' libc, 'i' icu, 'b' builtin (17+), 'c' before 15
    std::string collate;
    std::string ctype;
    std::optional<std::string> icu_locale;   // daticulocale (15, 16) or datlocale (17+), also for builtin
    std::optional<std::string> icu_rules;    // daticurules, PostgreSQL 16 and later
    std::string tablespace;
    std::int64_t connection_limit = -1;
    bool is_template = false;
    std::optional<std::string> acl;
    std::string acl_default;
    // pg_db_role_setting entries "name=value" for the database as a whole,
    // and (role, "name=value") pairs for one role in this database.
    std::vector<std::string> settings;
    std::vector<std::pair<std::string, std::string>> role_settings;
};

// A pg_depend row: the object (classid, objid) depends on (refclassid, refobjid).
struct DependencyRecord {
    CatalogId object;
    CatalogId referenced;
    char type = 'n';
};

// One pg_seclabel or pg_shseclabel row: the label that a provider gave an object or,
// with a positive sub-id, one of a relation's columns.
struct SecurityLabelRecord {
    std::int64_t subid = 0;                  // objsubid: the column number, 0 for the object
    std::string provider;
    std::string label;
};

// Everything the framework reads before the object kinds read their own
// catalogs. Kinds find tables, columns and names here.
struct CatalogModel {
    int server_version_num = 0;
    bool in_recovery = false;                // the server is a hot standby
    // The objects that -n, -N, -t, -T, -e and the other selection options
    // chose. The readers of schemas, extensions and tables apply it.
    ObjectSelection selection;
    KeywordSet keywords;
    std::unordered_map<std::uint32_t, std::string> role_names;
    std::vector<NamespaceRecord> namespaces;
    std::vector<ExtensionRecord> extensions;
    std::vector<ExtensionMember> extension_members;
    std::vector<RelationRecord> relations;                        // ordered by OID
    std::unordered_map<std::uint32_t, std::size_t> relation_index; // OID to position
    std::unordered_map<std::uint32_t, std::vector<ColumnRecord>> columns;  // by table OID, attnum order
    // Parents of each table in inhseqno order (classic inheritance and partitions).
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> parents;
    // Qualified, quoted collation names by OID.
    std::unordered_map<std::uint32_t, std::string> collation_names;
    // Comments by (classoid, objoid), each mapping objsubid to the text.
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::map<std::int64_t, std::string>> comments;
    // Security labels by (classoid, objoid), in pg_dump's order: by objsubid, and providers of
    // one sub-id in the order the server returns them.
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::vector<SecurityLabelRecord>>
        security_labels;
    // pg_shseclabel rows of the current database.
    std::vector<SecurityLabelRecord> database_security_labels;
    std::vector<DependencyRecord> dependencies;
    DatabaseRecord database;
    // Set by lock_dumped_tables, so that a later read whose locks overflow
    // the lock table reports the same advice.
    LockTableSettings lock_settings;
    LockedRelationCount locked_relations;

    const NamespaceRecord* find_namespace(std::uint32_t oid) const;
    const RelationRecord* find_relation(std::uint32_t oid) const;
    RelationRecord* find_relation(std::uint32_t oid);
    // The role's name, or "" when the OID is not a known role.
    std::string role_name(std::uint32_t oid) const;
    // The comment on (catalog, oid, subid), or nullptr.
    const std::string* comment(CatalogId id, std::int64_t subid = 0) const;
    // The security labels of one object and its columns, or an empty list.
    const std::vector<SecurityLabelRecord>& object_security_labels(CatalogId id) const;
    // The columns of a table, or an empty list.
    const std::vector<ColumnRecord>& table_columns(std::uint32_t table_oid) const;
    // The column with this attnum, or nullptr.
    const ColumnRecord* find_column(std::uint32_t table_oid, std::int64_t number) const;
};

}  // namespace wiredump::catalog
