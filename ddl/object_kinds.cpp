#include "ddl/access_method_kind.hpp"
#include "ddl/acl_kind.hpp"
#include "ddl/aggregate_kind.hpp"
#include "ddl/cast_kind.hpp"
#include "ddl/collation_kind.hpp"
#include "ddl/conversion_kind.hpp"
#include "ddl/default_acl_kind.hpp"
#include "ddl/event_trigger_kind.hpp"
#include "ddl/foreign_data_kind.hpp"
#include "ddl/function_kind.hpp"
#include "ddl/index_kind.hpp"
#include "ddl/language_kind.hpp"
#include "ddl/large_object_kind.hpp"
#include "ddl/object_kind.hpp"
#include "ddl/operator_class_kind.hpp"
#include "ddl/operator_kind.hpp"
#include "ddl/policy_kind.hpp"
#include "ddl/publication_kind.hpp"
#include "ddl/rule_kind.hpp"
#include "ddl/schema_kind.hpp"
#include "ddl/sequence_kind.hpp"
#include "ddl/statistics_kind.hpp"
#include "ddl/subscription_kind.hpp"
#include "ddl/table_kind.hpp"
#include "ddl/text_search_kind.hpp"
#include "ddl/transform_kind.hpp"
#include "ddl/trigger_kind.hpp"
#include "ddl/type_kind.hpp"
#include "ddl/unselected_objects_kind.hpp"
#include "ddl/view_kind.hpp"

namespace wiredump::ddl {

std::vector<std::unique_ptr<ObjectKind>> make_object_kinds() {
    std::vector<std::unique_ptr<ObjectKind>> kinds;
    kinds.push_back(std::make_unique<SchemaKind>());
    kinds.push_back(std::make_unique<CollationKind>());
    kinds.push_back(std::make_unique<TableKind>());
    kinds.push_back(std::make_unique<SequenceKind>());
    kinds.push_back(std::make_unique<IndexKind>());
    kinds.push_back(std::make_unique<TypeKind>());
    kinds.push_back(std::make_unique<FunctionKind>());
    kinds.push_back(std::make_unique<UnselectedObjectsKind>());
    kinds.push_back(std::make_unique<CastKind>());
    kinds.push_back(std::make_unique<TransformKind>());
    kinds.push_back(std::make_unique<AggregateKind>());
    kinds.push_back(std::make_unique<OperatorKind>());
    kinds.push_back(std::make_unique<OperatorClassKind>());
    kinds.push_back(std::make_unique<TextSearchObjectsKind>());
    kinds.push_back(std::make_unique<ConversionKind>());
    kinds.push_back(std::make_unique<AccessMethodKind>());
    kinds.push_back(std::make_unique<LanguageKind>());
    kinds.push_back(std::make_unique<ViewKind>());
    kinds.push_back(std::make_unique<RuleKind>());
    kinds.push_back(std::make_unique<TriggerKind>());
    kinds.push_back(std::make_unique<DefaultAclKind>());
    kinds.push_back(std::make_unique<LargeObjectKind>());
    kinds.push_back(std::make_unique<ForeignDataKind>());
    kinds.push_back(std::make_unique<StatisticsKind>());
    kinds.push_back(std::make_unique<PolicyKind>());
    kinds.push_back(std::make_unique<PublicationKind>());
    kinds.push_back(std::make_unique<SubscriptionKind>());
    kinds.push_back(std::make_unique<EventTriggerKind>());
    // Appends to the entries of the kinds above, so it stays last.
    kinds.push_back(std::make_unique<AclKind>());
    return kinds;
}

}  // namespace wiredump::ddl
