#include "ddl/collation_sql.hpp"

#include "ddl/plan_context.hpp"

namespace wiredump::ddl {

namespace {

std::string provider_name(char provider) {
    switch (provider) {
        case 'i': return "icu";
        case 'd': return "default";
        case 'b': return "builtin";   // PostgreSQL 17 and later
        default: return "libc";
    }
}

}  // namespace

std::string create_collation_sql(const PlanContext& context, const CollationRecord& collation) {
    std::string sql = "CREATE COLLATION " + context.qualify(collation.namespace_oid, collation.name) +
                      " (provider = " + provider_name(collation.provider);
    if (!collation.deterministic) sql += ", deterministic = false";

    // Servers before 15 keep an ICU locale in collcollate and collctype,
    // which are then equal, so the same "locale = ..." comes out. The
    // "default" collation of server 15 and later has neither, and pg_dump 15
    // then writes only its provider.
    const bool has_libc_locale = collation.lc_collate || collation.lc_ctype;
    if (collation.icu_locale) {
        sql += ", locale = " + context.literal(*collation.icu_locale);
    } else if (has_libc_locale &&
               collation.lc_collate.value_or("") == collation.lc_ctype.value_or("")) {
        sql += ", locale = " + context.literal(collation.lc_collate.value_or(""));
    } else if (has_libc_locale) {
        sql += ", lc_collate = " + context.literal(collation.lc_collate.value_or(""));
        sql += ", lc_ctype = " + context.literal(collation.lc_ctype.value_or(""));
    }
    if (collation.icu_rules) sql += ", rules = " + context.literal(*collation.icu_rules);

    sql += ");\n";
    return sql;
}

std::string drop_collation_sql(const PlanContext& context, const CollationRecord& collation) {
    return "DROP COLLATION " + context.qualify(collation.namespace_oid, collation.name) + ";\n";
}

}  // namespace wiredump::ddl
