#pragma once

#include "ddl/object_kind.hpp"

#include <unordered_map>
#include <vector>

namespace wiredump::ddl {

// Sequences: SEQUENCE (CREATE SEQUENCE, or ALTER TABLE ... ADD GENERATED ...
// AS IDENTITY for identity sequences), SEQUENCE OWNED BY, SEQUENCE SET and
// their comments.
class SequenceKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;

private:
    std::vector<catalog::SequenceRecord> sequences_;
};

// The SQL of a SEQUENCE entry as pg_dump 15's dumpSequence writes it: the
// type line only when it is not bigint, and NO MINVALUE / NO MAXVALUE when
// the bound is the type's default for the direction of the increment. For
// an identity sequence, `identity_column` names the owning column and the
// SQL is an ALTER TABLE on `owning_table` instead.
std::string sequence_sql(const PlanContext& context, const catalog::RelationRecord& sequence,
                         const catalog::SequenceRecord& definition,
                         const catalog::RelationRecord* owning_table,
                         const catalog::ColumnRecord* identity_column);

// "SELECT pg_catalog.setval('s.q', 11, true);\n"
std::string sequence_set_sql(const PlanContext& context, const catalog::RelationRecord& sequence,
                             const catalog::SequenceRecord& definition);

}  // namespace wiredump::ddl
