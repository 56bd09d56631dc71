#include "ddl/dump_plan.hpp"

#include "catalog/catalog_readers.hpp"
#include "catalog/errc.hpp"
#include "ddl/content_filter.hpp"
#include "ddl/entry_assembly.hpp"
#include "ddl/graph_edges.hpp"
#include "ddl/large_object_kind.hpp"
#include "ddl/object_kind.hpp"
#include "ddl/object_sort.hpp"
#include "ddl/special_entries.hpp"

#include <unordered_set>

namespace wiredump::ddl {

namespace {

// The oldest server whose catalogs the readers know (attgenerated, no
// relhasoids, pg_get_expr everywhere).
constexpr int oldest_supported_server = 120000;

// Takes the table locks, under pg_dump's statement_timeout for
// --lock-wait-timeout when one is given.
std::error_code lock_tables(catalog::QueryRunner& runner, PlanContext& context,
                            protocol::Diagnostics& diagnostics) {
    const std::string& timeout = context.options.lock_wait_timeout;
    protocol::QueryResult result;
    if (!timeout.empty()) {
        if (auto error = runner.query("SET statement_timeout = " + context.literal(timeout), result,
                                      diagnostics)) {
            diagnostics.set_client_message("could not set the lock wait timeout to \"" + timeout +
                                           "\" (--lock-wait-timeout); give a duration such as "
                                           "10s, or a number of milliseconds");
            return error;
        }
    }
    const std::size_t sequences_read = context.sequences_with_values().size();
    if (auto error = catalog::lock_dumped_tables(runner, context.model, sequences_read, diagnostics)) {
        return error;
    }
    if (timeout.empty()) return {};
    return runner.query("SET statement_timeout = 0", result, diagnostics);
}

// Drops the data jobs whose entries -a, --section or another output option removed.
void drop_jobs_without_entries(DumpPlan& plan) {
    std::unordered_set<int> kept_ids;
    for (const auto& entry : plan.entries) kept_ids.insert(entry.dump_id);
    std::erase_if(plan.table_data,
                  [&](const TableDataJob& job) { return kept_ids.count(job.dump_id) == 0; });
    std::erase_if(plan.large_objects,
                  [&](const LargeObjectDataJob& job) { return kept_ids.count(job.dump_id) == 0; });
}

std::error_code read_framework_catalogs(catalog::QueryRunner& runner, PlanContext& context,
                                        protocol::Diagnostics& diagnostics) {
    catalog::CatalogModel& model = context.model;
    if (auto error = catalog::expand_selection_patterns(
            runner, context.options.selection, context.options.standard_conforming_strings,
            model.selection, diagnostics)) {
        return error;
    }
    if (auto error = catalog::read_keywords_and_roles(runner, model, diagnostics)) return error;
    model.keywords.set_quote_all(context.options.quote_all_identifiers);
    if (auto error = catalog::read_extensions(runner, model, diagnostics)) return error;
    if (auto error = catalog::read_namespaces(runner, model, diagnostics)) return error;
    if (auto error = catalog::read_relations(runner, model, diagnostics)) return error;

    // Locks come right after pg_class and before any pg_get_*def call, which
    // reads the current catalog rather than the snapshot.
    if (auto error = lock_tables(runner, context, diagnostics)) return error;

    std::vector<std::uint32_t> with_columns = context.dumped_relations("rpvmfc");
    // The COPY statement of an extension configuration table lists its columns.
    for (const auto& relation : model.relations) {
        if (relation.extension_config_filter && relation.relkind == 'r') {
            with_columns.push_back(relation.id.oid);
        }
    }
    if (auto error = catalog::read_columns(runner, with_columns, model, diagnostics)) return error;
    return {};
}

std::error_code read_late_catalogs(catalog::QueryRunner& runner, PlanContext& context,
                                   protocol::Diagnostics& diagnostics) {
    if (auto error = catalog::read_dependencies(runner, context.model, diagnostics)) return error;
    if (auto error = catalog::read_comments(runner, context.model, diagnostics)) return error;
    if (auto error = catalog::read_security_labels(runner, context.model, diagnostics)) {
        return error;
    }
    return catalog::read_database(runner, context.model, diagnostics);
}

}  // namespace

std::error_code build_dump_plan(catalog::QueryRunner& runner, const PlanOptions& options,
                                DumpPlan& plan, protocol::Diagnostics& diagnostics) {
    if (options.server_version_num < oldest_supported_server) {
        diagnostics.set_client_message(
            "server version " + std::to_string(options.server_version_num) +
            " is older than PostgreSQL 12, the oldest version wiredump can dump; use that "
            "server's own pg_dump");
        return catalog::make_error_code(catalog::errc::unsupported_server_version);
    }

    PlanContext context;
    context.options = options;
    context.model.server_version_num = options.server_version_num;
    if (auto error = read_framework_catalogs(runner, context, diagnostics)) return error;

    std::vector<std::unique_ptr<ObjectKind>> kinds = make_object_kinds();
    for (auto& kind : kinds) {
        if (auto error = kind->read(runner, context, diagnostics)) return error;
    }
    if (auto error = read_late_catalogs(runner, context, diagnostics)) return error;

    ObjectGraph graph;
    for (auto& kind : kinds) kind->add_objects(context, graph);
    drop_objects_outside_selection(context, graph);
    add_catalog_dependencies(graph, context.model);
    add_section_boundaries(graph);
    std::vector<int> order = sort_objects(graph, plan.warnings);

    plan.entries.clear();
    plan.table_data.clear();
    if (auto error = add_special_entries(runner, context, 1, plan.entries, diagnostics)) {
        return error;
    }
    const int first_object_dump_id = static_cast<int>(plan.entries.size()) + 1;
    assemble_entries(graph, order, first_object_dump_id, plan.entries, plan.table_data);
    // Found before the filter, because --section=data keeps the BLOBS data
    // but not the BLOB entries that list the large objects.
    plan.large_objects = find_large_object_data(plan.entries);
    remove_unwanted_entries(options.content, plan.entries);
    drop_jobs_without_entries(plan);
    return {};
}

}  // namespace wiredump::ddl
