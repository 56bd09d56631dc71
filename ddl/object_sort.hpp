#pragma once

#include "ddl/object_graph.hpp"

#include <span>
#include <string>
#include <vector>

namespace wiredump::ddl {

// A loop repair rule. It receives a dependency loop as graph indexes, where
// each object depends on the next and the last depends on the first. It
// returns true when it recognised the loop and removed or rerouted an edge.
using LoopRepairRule = bool (*)(ObjectGraph& graph, std::span<const int> loop);

// The rules tried in order before the last resort of dropping an arbitrary
// edge. A new object kind that pg_dump repairs specially (type and I/O
// function, view and ON SELECT rule, domain and CHECK) adds its rule here.
std::vector<LoopRepairRule> loop_repair_rules();

// Orders the objects by type priority, namespace name, object name and the
// tie-breakers, as pg_dump's sortDumpableObjectsByTypeName does.
std::vector<int> sort_by_type_and_name(const ObjectGraph& graph);

// Topologically sorts the presorted objects so that each object follows
// everything it depends on, moving as few objects as possible: the result
// is filled from the back, always taking the latest ready object in
// `presorted` order. Returns false and leaves the unsorted objects in
// `unsorted` when a dependency loop blocks the sort.
bool topological_sort(const ObjectGraph& graph, const std::vector<int>& presorted,
                      std::vector<int>& sorted, std::vector<int>& unsorted);

// Finds the dependency loops among `unsorted` and repairs each with the
// first matching rule, or by dropping one edge with a warning. Returns false
// when no loop could be found, which would mean the sort cannot progress.
bool repair_dependency_loops(ObjectGraph& graph, const std::vector<int>& unsorted,
                             const std::vector<LoopRepairRule>& rules,
                             std::vector<std::string>& warnings);

// Sorts the whole graph, repairing loops until the sort succeeds. Warnings
// name the loops that no rule recognised.
std::vector<int> sort_objects(ObjectGraph& graph, std::vector<std::string>& warnings);

}  // namespace wiredump::ddl
