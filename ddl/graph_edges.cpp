#include "ddl/graph_edges.hpp"

namespace wiredump::ddl {

void add_catalog_dependencies(ObjectGraph& graph, const catalog::CatalogModel& model) {
    for (const auto& member : model.extension_members) {
        int extension = graph.find({catalog::pg_extension_oid, member.extension_oid});
        if (extension < 0) continue;
        int object = graph.find(member.member);
        if (object < 0) {
            DumpObject placeholder;
            placeholder.type = ObjectType::extension_member;
            placeholder.id = member.member;
            placeholder.dumped = false;
            placeholder.boundary = BoundarySide::none;
            object = graph.add(std::move(placeholder));
        }
        if (!graph.at(object).acl_only) graph.at(object).dumped = false;
        graph.add_dependency(object, extension);
    }

    for (const auto& row : model.dependencies) {
        int object = graph.find(row.object);
        int referenced = graph.find(row.referenced);
        if (object < 0 || referenced < 0 || object == referenced) continue;
        // A placeholder only has to lead to its extension. Its edges to other
        // members (a type and its I/O functions) would form loops that only
        // the member's own kind can repair.
        if (graph.at(object).type == ObjectType::extension_member) continue;

        // pg_depend records a composite type's relation as internal to the
        // type, but the relation must be created first.
        if (row.type == 'i' && graph.at(object).type == ObjectType::table &&
            graph.at(referenced).type == ObjectType::type) {
            graph.add_dependency(referenced, object);
        } else {
            graph.add_dependency(object, referenced);
        }
    }
}

void add_section_boundaries(ObjectGraph& graph) {
    const int object_count = graph.size();

    DumpObject pre;
    pre.type = ObjectType::pre_data_boundary;
    pre.name = "PRE-DATA BOUNDARY";
    pre.dumped = false;
    pre.boundary = BoundarySide::none;
    graph.pre_data_boundary = graph.add(std::move(pre));

    DumpObject post;
    post.type = ObjectType::post_data_boundary;
    post.name = "POST-DATA BOUNDARY";
    post.dumped = false;
    post.boundary = BoundarySide::none;
    graph.post_data_boundary = graph.add(std::move(post));

    for (int i = 0; i < object_count; ++i) {
        switch (graph.at(i).boundary) {
        case BoundarySide::pre_data:
            graph.add_dependency(graph.pre_data_boundary, i);
            break;
        case BoundarySide::data:
            graph.add_dependency(i, graph.pre_data_boundary);
            graph.add_dependency(graph.post_data_boundary, i);
            break;
        case BoundarySide::post_data:
            graph.add_dependency(i, graph.post_data_boundary);
            break;
        case BoundarySide::none:
            break;
        }
    }
}

}  // namespace wiredump::ddl
