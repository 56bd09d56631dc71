#pragma once

#include "ddl/object_graph.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace wiredump::ddl {

// Sets the keys by which pg_dump 15 orders functions and aggregates of the
// same schema and name: the argument count, then each argument type's schema
// and name, in argument order.
inline void set_routine_sort_keys(DumpObject& object,
                                  const std::vector<std::string>& argument_type_schemas,
                                  const std::vector<std::string>& argument_type_names) {
    object.sort_number = static_cast<std::int64_t>(argument_type_names.size());
    for (std::size_t a = 0; a < argument_type_names.size(); ++a) {
        if (a < argument_type_schemas.size()) {
            object.sort_strings.push_back(argument_type_schemas[a]);
        }
        object.sort_strings.push_back(argument_type_names[a]);
    }
}

}  // namespace wiredump::ddl
