#include "ddl/entry_assembly.hpp"

#include <algorithm>

namespace wiredump::ddl {

namespace {

// Resolves graph objects to dump ids. Each resolve() call marks the objects
// it visits with a new generation number instead of clearing a visited array,
// so resolving every entry stays linear in the number of edges walked.
class DependencyResolver {
public:
    DependencyResolver(const ObjectGraph& graph, const std::vector<int>& main_dump_id)
        : graph_(graph), main_dump_id_(main_dump_id),
          visited_in_(static_cast<std::size_t>(graph.size()), 0) {}

    std::vector<int> resolve(const std::vector<int>& objects) {
        ++generation_;
        std::vector<int> dump_ids;
        for (int object : objects) collect(object, dump_ids);
        return dump_ids;
    }

private:
    void collect(int object, std::vector<int>& dump_ids) {
        int& visited = visited_in_[static_cast<std::size_t>(object)];
        if (visited == generation_) return;
        visited = generation_;

        int dump_id = main_dump_id_[static_cast<std::size_t>(object)];
        if (dump_id > 0) {
            if (std::find(dump_ids.begin(), dump_ids.end(), dump_id) == dump_ids.end()) {
                dump_ids.push_back(dump_id);
            }
            return;
        }
        // Following the boundaries would make every entry depend on whole sections.
        if (object == graph_.pre_data_boundary || object == graph_.post_data_boundary) return;
        for (int referenced : graph_.at(object).dependencies) collect(referenced, dump_ids);
    }

    const ObjectGraph& graph_;
    const std::vector<int>& main_dump_id_;  // by graph index, 0 when the object has no entry
    std::vector<int> visited_in_;
    int generation_ = 0;
};

}  // namespace

void assemble_entries(const ObjectGraph& graph, const std::vector<int>& order, int first_dump_id,
                      std::vector<dumpfmt::TocEntry>& entries, std::vector<TableDataJob>& jobs) {
    struct Built {
        int object;
        PlannedEntry planned;
    };
    std::vector<Built> built;
    std::vector<int> main_dump_id(static_cast<std::size_t>(graph.size()), 0);

    // Number the entries in output order first, so that dependencies on
    // objects later in the order (left by loop repair) still resolve.
    int next_dump_id = first_dump_id;
    for (int object : order) {
        const DumpObject& dump_object = graph.at(object);
        if (!dump_object.dumped || !dump_object.build_entries) continue;

        std::vector<PlannedEntry> planned;
        dump_object.build_entries(object, planned);
        for (auto& entry : planned) {
            entry.entry.dump_id = next_dump_id++;
            if (entry.is_main && main_dump_id[static_cast<std::size_t>(object)] == 0) {
                main_dump_id[static_cast<std::size_t>(object)] = entry.entry.dump_id;
            }
            built.push_back({object, std::move(entry)});
        }
    }

    DependencyResolver resolver(graph, main_dump_id);
    for (auto& [object, planned] : built) {
        std::vector<int> sources;
        if (planned.dependency_objects) {
            sources = *planned.dependency_objects;
        } else if (planned.is_main) {
            sources = graph.at(object).dependencies;
        } else {
            sources = {object};
        }
        planned.entry.dependencies = resolver.resolve(sources);
        for (int back : planned.earlier_entries) {
            planned.entry.dependencies.push_back(planned.entry.dump_id - back);
        }
        // An entry never depends on itself, even when an object lists itself.
        auto& dependencies = planned.entry.dependencies;
        dependencies.erase(std::remove(dependencies.begin(), dependencies.end(), planned.entry.dump_id),
                           dependencies.end());

        if (planned.data_job) {
            planned.data_job->dump_id = planned.entry.dump_id;
            jobs.push_back(std::move(*planned.data_job));
        }
        entries.push_back(std::move(planned.entry));
    }
}

}  // namespace wiredump::ddl
