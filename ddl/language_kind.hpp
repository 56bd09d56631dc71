#pragma once

// User-defined procedural languages (PROCEDURAL LANGUAGE), written as
// pg_dump 15's dumpProcLang writes them. Of built-in languages (OID below
// 16384) and extension members such as plpgsql, only a changed ACL is written.

#include "ddl/object_kind.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wiredump::ddl {

// A support function of a language, as the quoted "schema.name" that
// CREATE LANGUAGE names it by.
struct LanguageFunction {
    std::uint32_t oid = 0;
    std::string qualified_name;
    bool dumped = false;      // in a dumped schema and not an extension member
};

// One pg_language row with lanispl set.
struct LanguageRecord {
    catalog::CatalogId id;
    std::string name;
    std::uint32_t owner_oid = 0;
    bool trusted = false;
    std::optional<std::string> acl;            // lanacl
    std::string acl_default;                   // acldefault('l', lanowner)
    std::optional<std::string> initial_acl;    // pg_init_privs.initprivs
    LanguageFunction handler;
    std::optional<LanguageFunction> inline_handler;   // unset when laninline is 0
    std::optional<LanguageFunction> validator;        // unset when lanvalidator is 0
    bool dumped = false;
};

// "CREATE [TRUSTED ]PROCEDURAL LANGUAGE name HANDLER s.f[ INLINE s.g][ VALIDATOR s.h];\n",
// or "CREATE OR REPLACE PROCEDURAL LANGUAGE name;\n" when one of the
// functions is not dumped, so that a language the target server already has
// is kept.
std::string create_language_sql(const PlanContext& context, const LanguageRecord& record);

// "DROP PROCEDURAL LANGUAGE name;\n".
std::string drop_language_sql(const PlanContext& context, const LanguageRecord& record);

class LanguageKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    std::vector<LanguageRecord> languages_;
    std::vector<std::string> acl_sql_;   // GRANT and REVOKE text, in languages_ order
    std::vector<bool> acl_only_;         // true for languages of which only the ACL is written
};

}  // namespace wiredump::ddl
