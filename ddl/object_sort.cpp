#include "ddl/object_sort.hpp"

#include <algorithm>
#include <queue>

namespace wiredump::ddl {

namespace {

int compare_text(const std::string& a, const std::string& b) {
    int result = a.compare(b);
    return result < 0 ? -1 : (result > 0 ? 1 : 0);
}

int compare_objects(const DumpObject& a, const DumpObject& b) {
    int priority_a = sort_priority(a.type);
    int priority_b = sort_priority(b.type);
    if (priority_a != priority_b) return priority_a < priority_b ? -1 : 1;

    // Objects in a schema sort before objects outside any schema.
    if (a.namespace_name && b.namespace_name) {
        if (int result = compare_text(*a.namespace_name, *b.namespace_name)) return result;
    } else if (a.namespace_name) {
        return -1;
    } else if (b.namespace_name) {
        return 1;
    }

    if (int result = compare_text(a.name, b.name)) return result;
    if (a.sort_number != b.sort_number) return a.sort_number < b.sort_number ? -1 : 1;
    std::size_t shared = std::min(a.sort_strings.size(), b.sort_strings.size());
    for (std::size_t i = 0; i < shared; ++i) {
        if (int result = compare_text(a.sort_strings[i], b.sort_strings[i])) return result;
    }
    if (a.sort_strings.size() != b.sort_strings.size()) {
        return a.sort_strings.size() < b.sort_strings.size() ? -1 : 1;
    }
    if (a.id.oid != b.id.oid) return a.id.oid < b.id.oid ? -1 : 1;
    return 0;
}

// Depth-first search for a path from `object` back to `start`, as pg_dump's
// findLoop. `failed[i] == start` records that no such path passes through i.
int find_loop(const ObjectGraph& graph, int object, int start, const std::vector<bool>& processed,
              std::vector<int>& failed, std::vector<int>& path) {
    if (processed[static_cast<std::size_t>(object)]) return 0;
    if (failed[static_cast<std::size_t>(object)] == start) return 0;
    if (std::find(path.begin(), path.end(), object) != path.end()) return 0;

    path.push_back(object);
    const auto& dependencies = graph.at(object).dependencies;
    if (std::find(dependencies.begin(), dependencies.end(), start) != dependencies.end()) {
        return static_cast<int>(path.size());
    }
    for (int next : dependencies) {
        if (int length = find_loop(graph, next, start, processed, failed, path)) return length;
    }
    path.pop_back();
    failed[static_cast<std::size_t>(object)] = start;
    return 0;
}

std::string describe(const DumpObject& object) {
    std::string text = object.namespace_name ? *object.namespace_name + "." : std::string();
    return text + object.name + " (OID " + std::to_string(object.id.oid) + ")";
}

bool repair_self_loop(ObjectGraph& graph, std::span<const int> loop) {
    if (loop.size() != 1) return false;
    graph.remove_dependency(loop[0], loop[0]);
    return true;
}

bool is_part_of(const ObjectGraph& graph, int part, int table) {
    return graph.at(part).owning_table == table;
}

bool can_split_out(const ObjectGraph& graph, int part, int table) {
    return is_part_of(graph, part, table) && static_cast<bool>(graph.at(part).make_separate);
}

// A table and the default or CHECK constraint written inside its CREATE TABLE:
// the table depends on the part so the part's own dependencies come first,
// and pg_depend adds the reverse edge.
bool repair_table_part_loop(ObjectGraph& graph, std::span<const int> loop) {
    if (loop.size() == 2) {
        for (int i = 0; i < 2; ++i) {
            int table = loop[static_cast<std::size_t>(i)];
            int part = loop[static_cast<std::size_t>(1 - i)];
            if (is_part_of(graph, part, table)) {
                graph.remove_dependency(part, table);
                return true;
            }
        }
        return false;
    }

    // In a longer loop the part must be written after the table, on its own.
    for (int table : loop) {
        for (int part : loop) {
            if (!can_split_out(graph, part, table)) continue;
            graph.remove_dependency(table, part);
            DumpObject& object = graph.at(part);
            object.make_separate(object);
            object.make_separate = nullptr;
            graph.add_dependency(part, table);
            if (object.boundary == BoundarySide::post_data && graph.post_data_boundary >= 0) {
                graph.add_dependency(part, graph.post_data_boundary);
            }
            return true;
        }
    }
    return false;
}

// A base or range type and a function of its own (input, output, receive,
// send or canonical), each depending on the other. The function waits for the
// shell type instead, and that shell is written if the function is, as in
// pg_dump's repairTypeFuncLoop.
bool repair_type_function_loop(ObjectGraph& graph, std::span<const int> loop) {
    if (loop.size() != 2) return false;
    for (int i = 0; i < 2; ++i) {
        int type = loop[static_cast<std::size_t>(i)];
        int function = loop[static_cast<std::size_t>(1 - i)];
        if (graph.at(type).type != ObjectType::type ||
            graph.at(function).type != ObjectType::function) {
            continue;
        }
        graph.remove_dependency(function, type);
        int shell = graph.at(type).shell_type;
        if (shell >= 0) {
            graph.add_dependency(function, shell);
            if (graph.at(function).dumped) graph.at(shell).dumped = true;
        }
        return true;
    }
    return false;
}

// A materialized view or function that loops through the pre-data boundary,
// such as one whose GROUP BY relies on a primary key, which is post-data.
// The boundary stops waiting for the object after it in the loop, and that
// object, if it can be, moves to post-data (pg_dump's
// repairMatViewBoundaryMultiLoop and repairFunctionBoundaryMultiLoop).
bool repair_boundary_loop(ObjectGraph& graph, std::span<const int> loop) {
    if (loop.size() <= 2) return false;
    bool postponable = std::any_of(loop.begin(), loop.end(), [&](int object) {
        return static_cast<bool>(graph.at(object).postpone);
    });
    if (!postponable) return false;

    for (std::size_t i = 0; i < loop.size(); ++i) {
        if (loop[i] != graph.pre_data_boundary) continue;
        int next = loop[(i + 1) % loop.size()];
        graph.remove_dependency(loop[i], next);
        // The hook stays set, because pg_dump keeps treating a postponed
        // object as a matview or function in later loops. Calling it again
        // changes nothing.
        DumpObject& object = graph.at(next);
        if (object.postpone) object.postpone(object);
        return true;
    }
    return false;
}

// Foreign keys in a cycle among the tables of a data-only dump, or a table
// whose foreign key references itself. pg_dump 15
// warns and drops the edge from the loop's first object, and it looks for
// loops in dump id order, which is table OID order for TABLE DATA, so the
// loop starts at its table with the lowest OID here too.
bool repair_table_data_loop(ObjectGraph& graph, std::span<const int> loop,
                            std::vector<std::string>& warnings) {
    const bool all_data = std::all_of(loop.begin(), loop.end(), [&](int object) {
        return graph.at(object).type == ObjectType::table_data;
    });
    if (!all_data) return false;

    std::size_t first = 0;
    for (std::size_t i = 1; i < loop.size(); ++i) {
        if (graph.at(loop[i]).id.oid < graph.at(loop[first]).id.oid) first = i;
    }
    std::string message = loop.size() == 1
                              ? "there are circular foreign-key constraints on this table:"
                              : "there are circular foreign-key constraints among these tables:";
    for (std::size_t i = 0; i < loop.size(); ++i) {
        message += " " + graph.at(loop[(first + i) % loop.size()]).name;
    }
    message += "; you might not be able to restore the dump without using --disable-triggers "
               "or temporarily dropping the constraints, or use a full dump instead of a "
               "--data-only dump";
    warnings.push_back(std::move(message));
    graph.remove_dependency(loop[first], loop[(first + 1) % loop.size()]);
    return true;
}

void repair_one_loop(ObjectGraph& graph, std::span<const int> loop,
                     const std::vector<LoopRepairRule>& rules,
                     std::vector<std::string>& warnings) {
    if (repair_table_data_loop(graph, loop, warnings)) return;
    for (LoopRepairRule rule : rules) {
        if (rule(graph, loop)) return;
    }

    std::string message = "could not resolve dependency loop among these objects:";
    for (int object : loop) message += " " + describe(graph.at(object));
    message += "; the restore may need to be run more than once";
    warnings.push_back(std::move(message));
    graph.remove_dependency(loop[0], loop[loop.size() > 1 ? 1 : 0]);
}

}  // namespace

std::vector<LoopRepairRule> loop_repair_rules() {
    return {repair_self_loop, repair_type_function_loop, repair_table_part_loop,
            repair_boundary_loop};
}

std::vector<int> sort_by_type_and_name(const ObjectGraph& graph) {
    std::vector<int> order(static_cast<std::size_t>(graph.size()));
    for (int i = 0; i < graph.size(); ++i) order[static_cast<std::size_t>(i)] = i;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return compare_objects(graph.at(a), graph.at(b)) < 0;
    });
    return order;
}

bool topological_sort(const ObjectGraph& graph, const std::vector<int>& presorted,
                      std::vector<int>& sorted, std::vector<int>& unsorted) {
    const std::size_t count = presorted.size();
    std::vector<int> position(static_cast<std::size_t>(graph.size()), -1);
    for (std::size_t i = 0; i < count; ++i) position[static_cast<std::size_t>(presorted[i])] = static_cast<int>(i);

    // How many objects still to be placed depend on each object.
    std::vector<int> dependents(static_cast<std::size_t>(graph.size()), 0);
    for (int object : presorted) {
        for (int referenced : graph.at(object).dependencies) ++dependents[static_cast<std::size_t>(referenced)];
    }

    std::priority_queue<int> ready;  // positions in presorted, latest first
    for (std::size_t i = 0; i < count; ++i) {
        if (dependents[static_cast<std::size_t>(presorted[i])] == 0) ready.push(static_cast<int>(i));
    }

    sorted.assign(count, -1);
    std::size_t next = count;
    while (!ready.empty()) {
        int object = presorted[static_cast<std::size_t>(ready.top())];
        ready.pop();
        sorted[--next] = object;
        for (int referenced : graph.at(object).dependencies) {
            if (--dependents[static_cast<std::size_t>(referenced)] == 0 &&
                position[static_cast<std::size_t>(referenced)] >= 0) {
                ready.push(position[static_cast<std::size_t>(referenced)]);
            }
        }
    }

    unsorted.clear();
    if (next == 0) return true;
    for (int object : presorted) {
        if (dependents[static_cast<std::size_t>(object)] != 0) unsorted.push_back(object);
    }
    return false;
}

bool repair_dependency_loops(ObjectGraph& graph, const std::vector<int>& unsorted,
                             const std::vector<LoopRepairRule>& rules,
                             std::vector<std::string>& warnings) {
    std::vector<bool> processed(static_cast<std::size_t>(graph.size()), false);
    std::vector<int> failed(static_cast<std::size_t>(graph.size()), -1);
    bool repaired = false;

    for (int start : unsorted) {
        std::vector<int> path;
        int length = find_loop(graph, start, start, processed, failed, path);
        if (length == 0) {
            processed[static_cast<std::size_t>(start)] = true;
            continue;
        }
        repair_one_loop(graph, std::span<const int>(path.data(), static_cast<std::size_t>(length)),
                        rules, warnings);
        repaired = true;
        // The repair may have changed these objects' edges, so a second
        // repair in the same pass could rest on a loop that no longer exists.
        for (int object : path) processed[static_cast<std::size_t>(object)] = true;
    }
    return repaired;
}

std::vector<int> sort_objects(ObjectGraph& graph, std::vector<std::string>& warnings) {
    const std::vector<int> presorted = sort_by_type_and_name(graph);
    const std::vector<LoopRepairRule> rules = loop_repair_rules();
    std::vector<int> sorted;
    std::vector<int> unsorted;

    while (!topological_sort(graph, presorted, sorted, unsorted)) {
        if (!repair_dependency_loops(graph, unsorted, rules, warnings)) {
            // A failed sort leaves at least one loop, so a loop should always
            // be found. If none is, the presorted order beats looping forever.
            warnings.push_back("could not find the dependency loop that blocks sorting; "
                               "objects are written in type and name order");
            return presorted;
        }
    }
    return sorted;
}

}  // namespace wiredump::ddl
