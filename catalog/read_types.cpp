#include "catalog/type_records.hpp"

#include "catalog/result_columns.hpp"

#include <unordered_map>

namespace wiredump::catalog {

namespace {

// pg_dump's test for an array type that the server made for another type: its name starts
// with "_" and its element type names it as its array. int2vector and oidvector have an
// element type too, but are base types of their own.
constexpr const char* array_condition =
    "(pg_catalog.substr(t.typname::pg_catalog.text, 1, 1) = '_' AND t.typelem <> 0 AND "
    "(SELECT e.typarray FROM pg_catalog.pg_type e WHERE e.oid = t.typelem) = t.oid)";

std::string types_query(const std::vector<std::uint32_t>& namespaces, bool all_pg_catalog_types) {
    // Built-in types matter only when their privileges were changed, unless pg_catalog itself
    // is dumped.
    const std::string pg_catalog_filter =
        all_pg_catalog_types ? ""
                             : "AND (t.typnamespace <> 'pg_catalog'::pg_catalog.regnamespace "
                               "OR t.typacl IS DISTINCT FROM pip.initprivs) ";
    return "SELECT t.tableoid, t.oid, t.typname, t.typnamespace, t.typowner, t.typtype, "
           "t.typrelid, t.typacl, pg_catalog.acldefault('T', t.typowner) AS acldefault, "
           "pip.initprivs, t.typnotnull, "
           "pg_catalog.format_type(t.typbasetype, t.typtypmod) AS typdefn, "
           "pg_catalog.pg_get_expr(t.typdefaultbin, 'pg_catalog.pg_type'::pg_catalog.regclass) "
           "AS typdefaultbin, t.typdefault, "
           "CASE WHEN t.typcollation <> u.typcollation THEN t.typcollation ELSE 0 END "
           "AS typcollation, "
           "t.typtype IN ('e', 'r', 'd') OR (t.typtype = 'c' AND c.relkind = 'c') OR "
           "(t.typtype = 'b' AND NOT " + std::string(array_condition) + ") AS dumpable, "
           "(t.typrelid <> 0 AND c.relkind <> 'c') OR t.typtype = 'm' OR " +
           array_condition + " AS dummy "
           "FROM pg_catalog.pg_type t "
           "LEFT JOIN pg_catalog.pg_type u ON (t.typbasetype = u.oid) "
           "LEFT JOIN pg_catalog.pg_class c ON (c.oid = t.typrelid) "
           "LEFT JOIN pg_catalog.pg_init_privs pip ON (t.oid = pip.objoid AND "
           "pip.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass AND pip.objsubid = 0) "
           "WHERE t.typtype <> 'p' "
           "AND t.typnamespace = ANY (" + oid_array_literal(namespaces) + ") " +
           pg_catalog_filter + "ORDER BY t.oid";
}

std::string base_types_query(int server_version_num, const std::string& type_oids) {
    const char* subscript = server_version_num >= 140000 ? "t.typsubscript"
                                                         : "'-'::pg_catalog.regproc";
    return std::string(
               "SELECT t.oid, t.typlen, t.typinput, t.typoutput, t.typreceive, t.typsend, "
               "t.typmodin, t.typmodout, t.typanalyze, ") +
           subscript +
           " AS typsubscript, t.typbyval, t.typalign, t.typstorage, "
           "t.typcollation <> 0 AS typcollatable, "
           "CASE WHEN t.typelem <> 0 THEN pg_catalog.format_type(t.typelem, NULL) END AS typelem, "
           "t.typcategory, t.typispreferred, t.typdelim "
           "FROM pg_catalog.pg_type t WHERE t.typtype = 'b' AND t.oid = ANY (" +
           type_oids + ")";
}

std::string enum_labels_query(const std::string& type_oids) {
    return "SELECT enumtypid, enumlabel FROM pg_catalog.pg_enum "
           "WHERE enumtypid = ANY (" + type_oids + ") ORDER BY enumtypid, enumsortorder";
}

std::string ranges_query(int server_version_num, const std::string& type_oids) {
    const char* multirange = server_version_num >= 140000
                                 ? "pg_catalog.format_type(r.rngmultitypid, NULL)"
                                 : "NULL::pg_catalog.text";
    return std::string("SELECT r.rngtypid, ") + multirange + " AS rngmultitype, "
           "pg_catalog.format_type(r.rngsubtype, NULL) AS rngsubtype, opc.opcname, "
           "opcn.nspname AS opcnsp, opc.opcdefault, "
           "CASE WHEN r.rngcollation = st.typcollation THEN 0 ELSE r.rngcollation END "
           "AS collation, r.rngcanonical, r.rngsubdiff "
           "FROM pg_catalog.pg_range r "
           "JOIN pg_catalog.pg_type st ON st.oid = r.rngsubtype "
           "JOIN pg_catalog.pg_opclass opc ON opc.oid = r.rngsubopc "
           "JOIN pg_catalog.pg_namespace opcn ON opcn.oid = opc.opcnamespace "
           "WHERE r.rngtypid = ANY (" + type_oids + ")";
}

std::string domain_checks_query(const std::string& type_oids) {
    return "SELECT contypid, tableoid, oid, conname, "
           "pg_catalog.pg_get_constraintdef(oid) AS consrc, convalidated "
           "FROM pg_catalog.pg_constraint "
           "WHERE contypid = ANY (" + type_oids + ") AND contype = 'c' "
           "ORDER BY contypid, conname";
}

std::error_code read_type_rows(QueryRunner& runner, const std::vector<std::uint32_t>& namespaces,
                               bool all_pg_catalog_types, std::vector<TypeRecord>& types,
                               protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    if (auto error = run_catalog_query(runner, types_query(namespaces, all_pg_catalog_types),
                                       "types (pg_type)", result, diagnostics)) {
        return error;
    }
    ResultColumns columns;
    if (auto error = columns.bind(
            result,
            {"tableoid", "oid", "typname", "typnamespace", "typowner", "typtype", "typrelid",
             "typacl", "acldefault", "initprivs", "typnotnull", "typdefn", "typdefaultbin",
             "typdefault", "typcollation", "dumpable", "dummy"},
            "types", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        TypeRecord type;
        type.id = {columns.oid(row, 0), columns.oid(row, 1)};
        type.name = columns.text(row, 2);
        type.namespace_oid = columns.oid(row, 3);
        type.owner_oid = columns.oid(row, 4);
        std::string kind = columns.text(row, 5);
        type.kind = kind.empty() ? 'e' : kind.front();
        type.relation_oid = columns.oid(row, 6);
        type.acl = columns.optional_text(row, 7);
        type.acl_default = columns.text(row, 8);
        type.initial_acl = columns.optional_text(row, 9);
        type.not_null = columns.boolean(row, 10);
        type.base_type = columns.text(row, 11);
        type.default_expression = columns.optional_text(row, 12);
        if (!type.default_expression) type.default_literal = columns.optional_text(row, 13);
        type.domain_collation = columns.oid(row, 14);
        type.dumpable = columns.boolean(row, 15);
        type.is_dummy = columns.boolean(row, 16);
        types.push_back(std::move(type));
    }
    return {};
}

std::error_code read_enum_labels(QueryRunner& runner, const std::string& type_oids,
                                 std::unordered_map<std::uint32_t, TypeRecord*>& by_oid,
                                 protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;
    if (auto error = run_catalog_query(runner, enum_labels_query(type_oids), "enum labels",
                                       result, diagnostics)) {
        return error;
    }
    if (auto error = columns.bind(result, {"enumtypid", "enumlabel"}, "enum labels", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        auto found = by_oid.find(columns.oid(row, 0));
        if (found != by_oid.end()) found->second->enum_labels.push_back(columns.text(row, 1));
    }
    return {};
}

std::error_code read_ranges(QueryRunner& runner, int server_version_num,
                            const std::string& type_oids,
                            std::unordered_map<std::uint32_t, TypeRecord*>& by_oid,
                            protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;
    if (auto error = run_catalog_query(runner, ranges_query(server_version_num, type_oids),
                                       "range types", result, diagnostics)) {
        return error;
    }
    if (auto error = columns.bind(result,
                                  {"rngtypid", "rngmultitype", "rngsubtype", "opcname", "opcnsp",
                                   "opcdefault", "collation", "rngcanonical", "rngsubdiff"},
                                  "range types", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        auto found = by_oid.find(columns.oid(row, 0));
        if (found == by_oid.end()) continue;
        TypeRecord& type = *found->second;
        type.multirange_name = columns.optional_text(row, 1);
        type.range_subtype = columns.text(row, 2);
        type.opclass_name = columns.text(row, 3);
        type.opclass_schema = columns.text(row, 4);
        type.default_opclass = columns.boolean(row, 5);
        type.range_collation = columns.oid(row, 6);
        type.canonical = columns.text(row, 7);
        type.subtype_diff = columns.text(row, 8);
    }
    return {};
}

char first_char(const std::string& text, char fallback) {
    return text.empty() ? fallback : text.front();
}

std::error_code read_base_types(QueryRunner& runner, int server_version_num,
                                const std::string& type_oids,
                                std::unordered_map<std::uint32_t, TypeRecord*>& by_oid,
                                protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;
    if (auto error = query_catalog_columns(
            runner, base_types_query(server_version_num, type_oids), "base types",
            {"oid", "typlen", "typinput", "typoutput", "typreceive", "typsend", "typmodin",
             "typmodout", "typanalyze", "typsubscript", "typbyval", "typalign", "typstorage",
             "typcollatable", "typelem", "typcategory", "typispreferred", "typdelim"},
            result, columns, diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        auto found = by_oid.find(columns.oid(row, 0));
        if (found == by_oid.end()) continue;
        BaseTypeDetails& base = found->second->base;
        base.length = columns.integer(row, 1);
        base.input = columns.text(row, 2);
        base.output = columns.text(row, 3);
        base.receive = columns.text(row, 4);
        base.send = columns.text(row, 5);
        base.modifier_input = columns.text(row, 6);
        base.modifier_output = columns.text(row, 7);
        base.analyze = columns.text(row, 8);
        base.subscript = columns.text(row, 9);
        base.by_value = columns.boolean(row, 10);
        base.alignment = first_char(columns.text(row, 11), 'i');
        base.storage = first_char(columns.text(row, 12), 'p');
        base.collatable = columns.boolean(row, 13);
        base.element = columns.optional_text(row, 14);
        base.category = first_char(columns.text(row, 15), 'U');
        base.preferred = columns.boolean(row, 16);
        base.delimiter = columns.text(row, 17);
    }
    return {};
}

std::error_code read_domain_checks(QueryRunner& runner, const std::string& type_oids,
                                   std::unordered_map<std::uint32_t, TypeRecord*>& by_oid,
                                   protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;
    if (auto error = run_catalog_query(runner, domain_checks_query(type_oids),
                                       "domain constraints", result, diagnostics)) {
        return error;
    }
    if (auto error = columns.bind(result,
                                  {"contypid", "tableoid", "oid", "conname", "consrc",
                                   "convalidated"},
                                  "domain constraints", diagnostics)) {
        return error;
    }
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        auto found = by_oid.find(columns.oid(row, 0));
        if (found == by_oid.end()) continue;
        found->second->checks.push_back({{columns.oid(row, 1), columns.oid(row, 2)},
                                         columns.text(row, 3), columns.text(row, 4),
                                         columns.boolean(row, 5), !columns.boolean(row, 5)});
    }
    return {};
}

}  // namespace

std::error_code read_types(QueryRunner& runner, int server_version_num,
                           const std::vector<std::uint32_t>& namespace_oids,
                           bool all_pg_catalog_types, std::vector<TypeRecord>& types,
                           protocol::Diagnostics& diagnostics) {
    types.clear();
    if (namespace_oids.empty()) return {};
    if (auto error = read_type_rows(runner, namespace_oids, all_pg_catalog_types, types,
                                    diagnostics)) {
        return error;
    }

    std::unordered_map<std::uint32_t, TypeRecord*> by_oid;
    std::vector<std::uint32_t> oids;
    for (auto& type : types) {
        if (!type.dumpable) continue;
        by_oid[type.id.oid] = &type;
        oids.push_back(type.id.oid);
    }
    if (oids.empty()) return {};
    const std::string type_oids = oid_array_literal(oids);
    if (auto error = read_enum_labels(runner, type_oids, by_oid, diagnostics)) return error;
    if (auto error = read_ranges(runner, server_version_num, type_oids, by_oid, diagnostics)) {
        return error;
    }
    if (auto error = read_base_types(runner, server_version_num, type_oids, by_oid, diagnostics)) {
        return error;
    }
    return read_domain_checks(runner, type_oids, by_oid, diagnostics);
}

}  // namespace wiredump::catalog
