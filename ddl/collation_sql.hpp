#pragma once

// CREATE COLLATION text as pg_dump 15's dumpCollation writes it, kept apart
// from the catalog read so that unit tests can call it on hand-built records.

#include "catalog/catalog_model.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace wiredump::ddl {

struct PlanContext;

// One user-defined pg_collation row.
struct CollationRecord {
    catalog::CatalogId id;
    std::string name;
    std::uint32_t namespace_oid = 0;
    std::uint32_t owner_oid = 0;
    char provider = 'c';                     // collprovider: 'c' libc, 'i' icu, 'b' builtin, 'd' default
    bool deterministic = true;               // collisdeterministic, true before PostgreSQL 12
    // The ICU locale: colliculocale on PostgreSQL 15 and 16, colllocale on
    // 17 and later, unset on older servers and for libc collations.
    std::optional<std::string> icu_locale;
    std::optional<std::string> lc_collate;   // collcollate, NULL for ICU collations on 15+
    std::optional<std::string> lc_ctype;     // collctype
    std::optional<std::string> icu_rules;    // collicurules, PostgreSQL 16 and later
    bool dumped = false;
};

// "CREATE COLLATION s.c (provider = icu, deterministic = false, locale = '...');\n".
// The locale is written once when lc_collate equals lc_ctype, as pg_dump does.
// pg_dump 15 writes "version = ..." only for --binary-upgrade, so neither does this.
// TODO: ICU tailoring rules (collicurules, PostgreSQL 16 and later) are not
// read, so a collation that has them is created without them.
std::string create_collation_sql(const PlanContext& context, const CollationRecord& collation);

// "DROP COLLATION s.c;\n".
std::string drop_collation_sql(const PlanContext& context, const CollationRecord& collation);

}  // namespace wiredump::ddl
