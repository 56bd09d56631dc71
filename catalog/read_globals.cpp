#include "catalog/catalog_readers.hpp"
#include "catalog/result_columns.hpp"

namespace wiredump::catalog {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// pg_dump 15's choice of the schemas whose objects are dumped: with -t only
// the named tables, with -n only the named schemas, else every schema but the
// system ones; -N removes schemas in every case.
bool is_schema_chosen(const NamespaceRecord& record, const ObjectSelection& selection) {
    bool chosen = false;
    if (selection.table_list_given) {
        chosen = false;
    } else if (selection.schema_list_given) {
        chosen = selection.schemas.count(record.id.oid) != 0;
    } else {
        chosen = !starts_with(record.name, "pg_") && record.name != "information_schema";
    }
    return chosen && selection.excluded_schemas.count(record.id.oid) == 0;
}

}  // namespace

std::error_code read_keywords_and_roles(QueryRunner& runner, CatalogModel& model,
                                        protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;

    std::error_code error = query_catalog_columns(
        runner, "SELECT pg_catalog.pg_is_in_recovery() AS in_recovery",
        "the server's recovery state", {"in_recovery"}, result, columns, diagnostics);
    if (error) return error;
    model.in_recovery = columns.row_count() > 0 && columns.boolean(0, 0);

    // Only unreserved keywords may appear bare as identifiers.
    error = query_catalog_columns(
        runner, "SELECT word FROM pg_catalog.pg_get_keywords() WHERE catcode <> 'U'",
        "the server's keyword list", {"word"}, result, columns, diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        model.keywords.add(columns.text(row, 0));
    }

    error = query_catalog_columns(runner, "SELECT oid, rolname FROM pg_catalog.pg_roles ORDER BY 1",
                                  "roles", {"oid", "rolname"}, result, columns, diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        model.role_names[columns.oid(row, 0)] = columns.text(row, 1);
    }
    return {};
}

std::error_code read_extensions(QueryRunner& runner, CatalogModel& model,
                                protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;

    std::error_code error = query_catalog_columns(
        runner,
        "SELECT x.tableoid, x.oid, x.extname, n.nspname, x.extrelocatable, x.extversion, "
        "x.extconfig, x.extcondition FROM pg_catalog.pg_extension x "
        "JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace ORDER BY x.oid",
        "extensions",
        {"tableoid", "oid", "extname", "nspname", "extrelocatable", "extversion", "extconfig",
         "extcondition"},
        result, columns, diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        ExtensionRecord record;
        record.id = {columns.oid(row, 0), columns.oid(row, 1)};
        record.name = columns.text(row, 2);
        record.schema_name = columns.text(row, 3);
        record.relocatable = columns.boolean(row, 4);
        record.version = columns.text(row, 5);
        record.config_tables = columns.text(row, 6);
        record.config_conditions = columns.text(row, 7);
        // Built-in extensions such as plpgsql exist in every database already.
        // Others are dumped when chosen by -e, or with no -n, -t or -e.
        const ObjectSelection& selection = model.selection;
        const bool chosen = selection.extension_list_given
                                ? selection.extensions.count(record.id.oid) != 0
                                : selection.include_everything;
        record.dumped = record.id.oid >= first_normal_object_id && chosen;
        model.extensions.push_back(std::move(record));
    }

    error = query_catalog_columns(
        runner,
        "SELECT classid, objid, refobjid FROM pg_catalog.pg_depend "
        "WHERE refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass "
        "AND deptype = 'e' ORDER BY 3",
        "extension members", {"classid", "objid", "refobjid"}, result, columns, diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        model.extension_members.push_back(
            {{columns.oid(row, 0), columns.oid(row, 1)}, columns.oid(row, 2)});
    }
    return {};
}

std::error_code read_namespaces(QueryRunner& runner, CatalogModel& model,
                                protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;

    std::error_code error = query_catalog_columns(
        runner,
        "SELECT n.tableoid, n.oid, n.nspname, n.nspowner, n.nspacl, "
        "pg_catalog.acldefault('n', n.nspowner) AS acldefault "
        "FROM pg_catalog.pg_namespace n ORDER BY n.oid",
        "schemas", {"tableoid", "oid", "nspname", "nspowner", "nspacl", "acldefault"}, result,
        columns, diagnostics);
    if (error) return error;

    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        NamespaceRecord record;
        record.id = {columns.oid(row, 0), columns.oid(row, 1)};
        record.name = columns.text(row, 2);
        record.owner_oid = columns.oid(row, 3);
        record.acl = columns.optional_text(row, 4);
        record.acl_default = columns.text(row, 5);
        record.dumped = is_schema_chosen(record, model.selection);
        model.namespaces.push_back(std::move(record));
    }

    // A schema that an extension created is restored by CREATE EXTENSION.
    for (const auto& member : model.extension_members) {
        if (member.member.catalog_table_oid != pg_namespace_oid) continue;
        for (auto& record : model.namespaces) {
            if (record.id.oid == member.member.oid) record.dumped = false;
        }
    }
    return {};
}

std::error_code read_comments(QueryRunner& runner, CatalogModel& model,
                              protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;

    std::error_code error = query_catalog_columns(
        runner,
        "SELECT description, classoid, objoid, objsubid FROM pg_catalog.pg_description "
        "ORDER BY classoid, objoid, objsubid",
        "comments", {"description", "classoid", "objoid", "objsubid"}, result, columns,
        diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        model.comments[{columns.oid(row, 1), columns.oid(row, 2)}][columns.integer(row, 3)] =
            columns.text(row, 0);
    }
    return {};
}

std::error_code read_dependencies(QueryRunner& runner, CatalogModel& model,
                                  protocol::Diagnostics& diagnostics) {
    protocol::QueryResult result;
    ResultColumns columns;

    // Operator and support-function rows count as rows of their operator family.
    std::error_code error = query_catalog_columns(
        runner,
        "SELECT classid, objid, refclassid, refobjid, deptype FROM pg_catalog.pg_depend "
        "WHERE deptype != 'p' AND deptype != 'e' "
        "UNION ALL "
        "SELECT 'pg_catalog.pg_opfamily'::pg_catalog.regclass AS classid, amopfamily AS objid, "
        "refclassid, refobjid, deptype FROM pg_catalog.pg_depend d, pg_catalog.pg_amop o "
        "WHERE deptype NOT IN ('p', 'e', 'i') "
        "AND classid = 'pg_catalog.pg_amop'::pg_catalog.regclass AND objid = o.oid "
        "AND NOT (refclassid = 'pg_catalog.pg_opfamily'::pg_catalog.regclass "
        "AND amopfamily = refobjid) "
        "UNION ALL "
        "SELECT 'pg_catalog.pg_opfamily'::pg_catalog.regclass AS classid, amprocfamily AS objid, "
        "refclassid, refobjid, deptype FROM pg_catalog.pg_depend d, pg_catalog.pg_amproc p "
        "WHERE deptype NOT IN ('p', 'e', 'i') "
        "AND classid = 'pg_catalog.pg_amproc'::pg_catalog.regclass AND objid = p.oid "
        "AND NOT (refclassid = 'pg_catalog.pg_opfamily'::pg_catalog.regclass "
        "AND amprocfamily = refobjid) "
        "ORDER BY 1, 2",
        "dependencies", {"classid", "objid", "refclassid", "refobjid", "deptype"}, result, columns,
        diagnostics);
    if (error) return error;
    model.dependencies.reserve(columns.row_count());
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        std::string type = columns.text(row, 4);
        model.dependencies.push_back({{columns.oid(row, 0), columns.oid(row, 1)},
                                      {columns.oid(row, 2), columns.oid(row, 3)},
                                      type.empty() ? 'n' : type.front()});
    }
    return {};
}

namespace {

std::error_code read_database_settings(QueryRunner& runner, DatabaseRecord& record,
                                       protocol::Diagnostics& diagnostics) {
    const std::string database_oid = "'" + std::to_string(record.id.oid) + "'::pg_catalog.oid";
    protocol::QueryResult result;
    ResultColumns columns;

    std::error_code error = query_catalog_columns(
        runner,
        "SELECT pg_catalog.unnest(setconfig) AS config FROM pg_catalog.pg_db_role_setting "
        "WHERE setrole = 0 AND setdatabase = " + database_oid,
        "database settings", {"config"}, result, columns, diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        record.settings.push_back(columns.text(row, 0));
    }

    error = query_catalog_columns(
        runner,
        "SELECT r.rolname, pg_catalog.unnest(s.setconfig) AS config "
        "FROM pg_catalog.pg_db_role_setting s, pg_catalog.pg_roles r "
        "WHERE s.setrole = r.oid AND s.setdatabase = " + database_oid,
        "role settings in the database", {"rolname", "config"}, result, columns, diagnostics);
    if (error) return error;
    for (std::size_t row = 0; row < columns.row_count(); ++row) {
        record.role_settings.emplace_back(columns.text(row, 0), columns.text(row, 1));
    }
    return {};
}

}  // namespace

std::error_code read_database(QueryRunner& runner, CatalogModel& model,
                              protocol::Diagnostics& diagnostics) {
    std::string locale_columns;
    if (model.server_version_num >= 170000) {
        locale_columns = "d.datlocprovider, d.datlocale AS daticulocale, ";
    } else if (model.server_version_num >= 150000) {
        locale_columns = "d.datlocprovider, d.daticulocale, ";
    } else {
        locale_columns = "'c' AS datlocprovider, NULL AS daticulocale, ";
    }
    locale_columns += model.server_version_num >= 160000 ? "d.daticurules, " : "NULL AS daticurules, ";
    std::string sql =
        "SELECT d.tableoid, d.oid, d.datname, d.datdba, "
        "pg_catalog.pg_encoding_to_char(d.encoding) AS encoding, d.datcollate, d.datctype, " +
        locale_columns +
        "d.datconnlimit, d.datistemplate, d.datacl, "
        "pg_catalog.acldefault('d', d.datdba) AS acldefault, "
        "(SELECT spcname FROM pg_catalog.pg_tablespace t WHERE t.oid = d.dattablespace) "
        "AS tablespace, pg_catalog.shobj_description(d.oid, 'pg_database') AS description "
        "FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database()";

    protocol::QueryResult result;
    ResultColumns columns;
    std::error_code error = query_catalog_columns(
        runner, sql, "the database",
        {"tableoid", "oid", "datname", "datdba", "encoding", "datcollate", "datctype",
         "datlocprovider", "daticulocale", "daticurules", "datconnlimit", "datistemplate", "datacl",
         "acldefault", "tablespace", "description"},
        result, columns, diagnostics);
    if (error) return error;
    if (columns.row_count() == 0) return {};

    DatabaseRecord& record = model.database;
    record.id = {columns.oid(0, 0), columns.oid(0, 1)};
    record.name = columns.text(0, 2);
    record.owner_oid = columns.oid(0, 3);
    record.encoding = columns.text(0, 4);
    record.collate = columns.text(0, 5);
    record.ctype = columns.text(0, 6);
    record.locale_provider = columns.text(0, 7);
    record.icu_locale = columns.optional_text(0, 8);
    record.icu_rules = columns.optional_text(0, 9);
    record.connection_limit = columns.integer(0, 10);
    record.is_template = columns.boolean(0, 11);
    record.acl = columns.optional_text(0, 12);
    record.acl_default = columns.text(0, 13);
    record.tablespace = columns.text(0, 14);
    if (!columns.is_null(0, 15)) {
        model.comments[{pg_database_oid, record.id.oid}][0] = columns.text(0, 15);
    }
    return read_database_settings(runner, record, diagnostics);
}

}  // namespace wiredump::catalog
