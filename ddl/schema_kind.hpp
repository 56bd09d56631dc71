#pragma once

#include "ddl/object_kind.hpp"

namespace wiredump::ddl {

// Schemas (SCHEMA) and extensions (EXTENSION) with their comments. Both are
// read by the framework, so read() sends nothing.
class SchemaKind final : public ObjectKind {
public:
    std::error_code read(catalog::QueryRunner& runner, PlanContext& context,
                         protocol::Diagnostics& diagnostics) override;
    void add_objects(const PlanContext& context, ObjectGraph& graph) override;
};

}  // namespace wiredump::ddl
