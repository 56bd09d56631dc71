#include "ddl/extension_membership.hpp"

namespace wiredump::ddl {

ExtensionMembership extension_membership(const catalog::CatalogModel& model,
                                         catalog::CatalogId id) {
    for (const auto& member : model.extension_members) {
        if (!(member.member == id)) continue;

        for (const auto& extension : model.extensions) {
            if (extension.id.oid == member.extension_oid && extension.dumped) {
                return ExtensionMembership::dumped_extension;
            }
        }
        return ExtensionMembership::other_extension;
    }
    return ExtensionMembership::none;
}

bool is_extension_member(const catalog::CatalogModel& model, catalog::CatalogId id) {
    return extension_membership(model, id) != ExtensionMembership::none;
}

std::unordered_set<std::uint32_t> extension_member_oids(const catalog::CatalogModel& model) {
    std::unordered_set<std::uint32_t> members;
    for (const auto& member : model.extension_members) {
        members.insert(member.member.oid);
    }
    return members;
}

}  // namespace wiredump::ddl
