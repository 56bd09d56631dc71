#include "ddl/sequence_kind.hpp"

#include "catalog/catalog_readers.hpp"
#include "ddl/comment_entries.hpp"
#include "ddl/main_entry.hpp"
#include "ddl/security_label_entries.hpp"

namespace wiredump::ddl {

namespace {

struct TypeBounds {
    const char* min;
    const char* max;
};

// The bounds CREATE SEQUENCE uses when MINVALUE and MAXVALUE are not given.
bool default_bounds(const std::string& type_name, bool ascending, std::string& min,
                    std::string& max) {
    TypeBounds bounds{};
    if (type_name == "smallint") {
        bounds = {"-32768", "32767"};
    } else if (type_name == "integer") {
        bounds = {"-2147483648", "2147483647"};
    } else if (type_name == "bigint") {
        bounds = {"-9223372036854775808", "9223372036854775807"};
    } else {
        return false;
    }
    min = ascending ? "1" : bounds.min;
    max = ascending ? bounds.max : "-1";
    return true;
}

PlannedEntry sequence_entry(const PlanContext& context, const catalog::RelationRecord& sequence,
                            std::string desc, dumpfmt::Section section) {
    PlannedEntry planned;
    planned.entry.tag = sequence.name;
    planned.entry.desc = std::move(desc);
    planned.entry.section = section;
    planned.entry.namespace_name = context.namespace_name(sequence.namespace_oid);
    planned.entry.owner = context.owner_name(sequence.owner_oid);
    return planned;
}

}  // namespace

std::string sequence_sql(const PlanContext& context, const catalog::RelationRecord& sequence,
                         const catalog::SequenceRecord& definition,
                         const catalog::RelationRecord* owning_table,
                         const catalog::ColumnRecord* identity_column) {
    const bool identity = owning_table != nullptr && identity_column != nullptr;
    std::string sql;
    if (identity) {
        sql = "ALTER TABLE " + context.qualify(*owning_table) + " ALTER COLUMN " +
              context.quote(identity_column->name) + " ADD GENERATED " +
              (identity_column->identity == 'a' ? "ALWAYS" : "BY DEFAULT") +
              " AS IDENTITY (\n    SEQUENCE NAME " + context.qualify(sequence) + "\n";
    } else {
        sql = "CREATE SEQUENCE " + context.qualify(sequence) + "\n";
        if (definition.type_name != "bigint") sql += "    AS " + definition.type_name + "\n";
    }

    std::string default_min;
    std::string default_max;
    bool ascending = definition.increment.empty() || definition.increment.front() != '-';
    bool known_type = default_bounds(definition.type_name, ascending, default_min, default_max);

    sql += "    START WITH " + definition.start + "\n";
    sql += "    INCREMENT BY " + definition.increment + "\n";
    if (known_type && definition.min_value == default_min) {
        sql += "    NO MINVALUE\n";
    } else {
        sql += "    MINVALUE " + definition.min_value + "\n";
    }
    if (known_type && definition.max_value == default_max) {
        sql += "    NO MAXVALUE\n";
    } else {
        sql += "    MAXVALUE " + definition.max_value + "\n";
    }
    sql += "    CACHE " + definition.cache;
    if (definition.cycle) sql += "\n    CYCLE";
    sql += identity ? "\n);\n" : ";\n";
    return sql;
}

std::string sequence_set_sql(const PlanContext& context, const catalog::RelationRecord& sequence,
                             const catalog::SequenceRecord& definition) {
    return "SELECT pg_catalog.setval(" + context.literal(context.qualify(sequence)) + ", " +
           definition.last_value + ", " + (definition.is_called ? "true" : "false") + ");\n";
}

std::error_code SequenceKind::read(catalog::QueryRunner& runner, PlanContext& context,
                                   protocol::Diagnostics& diagnostics) {
    std::vector<std::uint32_t> oids = context.dumped_relations("S");
    // An extension's configuration sequence is not dumped, but may get its SEQUENCE SET.
    for (const auto& relation : context.model.relations) {
        if (relation.relkind == 'S' && !relation.dumped && context.dumps_data_of(relation)) {
            oids.push_back(relation.id.oid);
        }
    }
    if (oids.empty()) return {};
    // Without SEQUENCE SET entries (-s) the values are not read, which also
    // spares the lock that each read takes.
    return catalog::read_sequences(runner, context.model, oids, context.sequences_with_values(), sequences_,
                                   diagnostics);
}

void SequenceKind::add_objects(const PlanContext& context, ObjectGraph& graph) {
    std::unordered_map<std::uint32_t, const catalog::SequenceRecord*> definitions;
    for (const auto& definition : sequences_) definitions[definition.oid] = &definition;

    for (const auto& sequence : context.model.relations) {
        if (sequence.relkind != 'S') continue;
        auto found = definitions.find(sequence.id.oid);
        const catalog::SequenceRecord* definition =
            found == definitions.end() ? nullptr : found->second;

        DumpObject object;
        object.type = ObjectType::table;
        object.id = sequence.id;
        object.namespace_name = context.namespace_name(sequence.namespace_oid);
        object.name = sequence.name;
        object.dumped = sequence.dumped && definition != nullptr;
        object.build_entries = [&context, &sequence, definition](int,
                                                                 std::vector<PlannedEntry>& entries) {
            const catalog::RelationRecord* owner =
                sequence.owning_table ? context.model.find_relation(sequence.owning_table) : nullptr;
            const catalog::ColumnRecord* identity_column =
                owner && sequence.is_identity_sequence
                    ? context.model.find_column(owner->id.oid, sequence.owning_column)
                    : nullptr;

            PlannedEntry planned =
                sequence_entry(context, sequence, "SEQUENCE", dumpfmt::Section::pre_data);
            planned.entry.catalog_table_oid = sequence.id.catalog_table_oid;
            planned.entry.oid = sequence.id.oid;
            planned.entry.definition =
                sequence_sql(context, sequence, *definition, owner, identity_column);
            // Dropping the identity removes its sequence, so the entry drops nothing.
            planned.entry.drop_statement =
                identity_column ? std::string()
                                : "DROP SEQUENCE " + context.qualify(sequence) + ";\n";
            entries.push_back(std::move(planned));

            if (owner && owner->dumped && !sequence.is_identity_sequence) {
                const catalog::ColumnRecord* column =
                    context.model.find_column(owner->id.oid, sequence.owning_column);
                PlannedEntry owned_by = sequence_entry(context, sequence, "SEQUENCE OWNED BY",
                                                       dumpfmt::Section::pre_data);
                owned_by.is_main = false;
                owned_by.entry.definition = "ALTER SEQUENCE " + context.qualify(sequence) +
                                            " OWNED BY " + context.qualify(*owner) + "." +
                                            context.quote(column ? column->name : "") + ";\n";
                entries.push_back(std::move(owned_by));
            }

            const CommentTarget target{"SEQUENCE", context.quote(sequence.name),
                                       context.namespace_name(sequence.namespace_oid),
                                       context.owner_name(sequence.owner_oid),
                                       {}};
            add_object_comment(context, sequence.id, target, entries);
            add_object_security_labels(context, sequence.id, target, entries);
        };
        int sequence_object = graph.add(std::move(object));
        if (!context.dumps_data_of(sequence) || definition == nullptr) continue;

        DumpObject value;
        value.type = ObjectType::sequence_set;
        value.namespace_name = context.namespace_name(sequence.namespace_oid);
        value.name = sequence.name;
        value.id.oid = sequence.id.oid;
        value.boundary = BoundarySide::data;
        value.build_entries = [&context, &sequence, definition](
                                  int, std::vector<PlannedEntry>& entries) {
            PlannedEntry planned =
                sequence_entry(context, sequence, "SEQUENCE SET", dumpfmt::Section::data);
            planned.entry.definition = sequence_set_sql(context, sequence, *definition);
            // pg_dump 15 points a configuration sequence's SEQUENCE SET at the
            // sequence's own dump id, which has no entry, so it has no dependency.
            if (sequence.extension_config_filter) planned.dependency_objects = std::vector<int>{};
            entries.push_back(std::move(planned));
        };
        int value_object = graph.add(std::move(value));
        graph.add_dependency(value_object, sequence_object);
    }
}

}  // namespace wiredump::ddl
