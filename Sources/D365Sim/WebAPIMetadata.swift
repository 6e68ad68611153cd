import HTTPServer

/// Metadata reads (PA `webapi/query-metadata-web-api`), answered from `MicrosoftTables`:
/// - `EntityDefinitions(LogicalName='t')` (EntityMetadata),
/// - `.../Attributes`, `.../Attributes(LogicalName='c')`, and the casts
///   `.../Attributes/Microsoft.Dynamics.CRM.<Type>AttributeMetadata` that add the
///   properties of one kind of column (`MaxLength` of String and Memo, `Targets` of lookups),
/// - `.../ManyToOneRelationships` (OneToManyRelationshipMetadata),
/// with `$select` (an unknown property is refused as Dataverse refuses it) and `$filter` (the
/// `eq`/`and`/`or` subset of ODataFilter, on top-level properties).
extension Organization {
    func metadata(_ resource: String, _ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        let prefix = "EntityDefinitions(LogicalName='"
        guard resource.hasPrefix(prefix), let close = resource.range(of: "')"), close.lowerBound > resource.index(resource.startIndex, offsetBy: prefix.count)
        else { throw .badQuery("EntityDefinitions must be addressed as EntityDefinitions(LogicalName='<name>').") }
        let logicalName = String(resource[resource.index(resource.startIndex, offsetBy: prefix.count)..<close.lowerBound])
        guard let entity = EntityCatalog.byLogicalName(logicalName) else {
            // made up (the simulator's answer before the metadata work): no page shows Dataverse's.
            throw DataverseError(status: 404, code: "0x80060888", message: "Could not find entity with LogicalName = '\(logicalName)'.")
        }
        let path = resource[close.upperBound...].split(separator: "/").map(String.init)
        let base = context.apiBase + "$metadata#EntityDefinitions('\(entity.logicalName)')"
        switch path.count {
        case 0:
            return try entityDefinition(entity, context)
        case 1 where path[0] == "Attributes":
            let items = entity.attributes.map { MetadataItem(attribute: $0, of: entity, cast: nil) }
            return try MetadataItem.collection(items, type: "AttributeMetadata", context: base + "/Attributes", context)
        case 1 where path[0] == "ManyToOneRelationships":
            let items = entity.manyToOne.map { MetadataItem(relationship: $0, cascade: cascades.cascade(of: $0)) }
            return try MetadataItem.collection(
                items, type: "OneToManyRelationshipMetadata", context: base + "/ManyToOneRelationships", context)
        case 1 where path[0].hasPrefix("Attributes(LogicalName='") && path[0].hasSuffix("')"):
            let name = String(path[0].dropFirst("Attributes(LogicalName='".count).dropLast(2))
            guard let attribute = entity.attribute(name) else {
                // made up: no page shows the answer for a column the table lacks.
                throw DataverseError(
                    status: 404, code: "0x80060888",
                    message: "Could not find attribute with LogicalName = '\(name)' on entity '\(entity.logicalName)'. (d365-sim: made-up message)")
            }
            let item = MetadataItem(attribute: attribute, of: entity, cast: MetadataItem.castName(of: attribute))
            return try item.single(type: MetadataItem.castName(of: attribute), context: base + "/Attributes", context)
        case 2 where path[0] == "Attributes" && path[1].hasPrefix("Microsoft.Dynamics.CRM."):
            let cast = String(path[1].dropFirst("Microsoft.Dynamics.CRM.".count))
            guard MetadataItem.attributeCasts.contains(cast) else { throw .resourceNotFound(path[1]) }
            let items = entity.attributes.filter { MetadataItem.castName(of: $0) == cast }.map {
                MetadataItem(attribute: $0, of: entity, cast: cast)
            }
            return try MetadataItem.collection(items, type: cast, context: base + "/Attributes/" + path[1], context)
        default:
            throw .resourceNotFound(path.joined(separator: "/"))
        }
    }

    private func entityDefinition(_ entity: EntityDefinition, _ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        let label = JSONValue.object([("Label", .string(entity.displayName)), ("LanguageCode", .integer(settings.language))])
        let item = MetadataItem(
            odataType: nil, metadataId: entity.metadataId,
            properties: [
                ("LogicalName", .string(entity.logicalName)), ("EntitySetName", .string(entity.entitySetName)),
                ("PrimaryIdAttribute", .string(entity.primaryIdAttribute)),
                ("PrimaryNameAttribute", .string(entity.primaryNameAttribute)),
                ("ChangeTrackingEnabled", .bool(changeTrackingEnabled && entity.changeTrackingEnabled)),
                ("ObjectTypeCode", .integer(entity.objectTypeCode)),
                ("DisplayName", .object([("LocalizedLabels", .array([label])), ("UserLocalizedLabel", label)])),
            ])
        return try item.single(type: "EntityMetadata", context: context.apiBase + "$metadata#EntityDefinitions", context)
    }
}

/// One metadata object (an entity, an attribute or a relationship) with the properties the
/// simulator knows of it, and the `$select`/`$filter` handling common to all of them.
struct MetadataItem {
    let odataType: String?
    let metadataId: GUID
    let properties: [(key: String, value: JSONValue)]

    /// The AttributeMetadata subtypes the casts name.
    static let attributeCasts: Set<String> = Set(castNames.values)

    private static let castNames: [String: String] = [
        "String": "StringAttributeMetadata", "Memo": "MemoAttributeMetadata", "Lookup": "LookupAttributeMetadata",
        "Customer": "LookupAttributeMetadata", "Owner": "LookupAttributeMetadata", "PartyList": "LookupAttributeMetadata",
        "Picklist": "PicklistAttributeMetadata", "State": "StateAttributeMetadata", "Status": "StatusAttributeMetadata",
        "Boolean": "BooleanAttributeMetadata", "DateTime": "DateTimeAttributeMetadata", "Double": "DoubleAttributeMetadata",
        "Integer": "IntegerAttributeMetadata", "BigInt": "BigIntAttributeMetadata", "Decimal": "DecimalAttributeMetadata",
        "Money": "MoneyAttributeMetadata", "Uniqueidentifier": "UniqueIdentifierAttributeMetadata",
        "EntityName": "EntityNameAttributeMetadata", "Image": "ImageAttributeMetadata",
    ]

    static func castName(of attribute: AttributeDefinition) -> String {
        castNames[attribute.type] ?? "AttributeMetadata"
    }

    init(odataType: String?, metadataId: GUID, properties: [(key: String, value: JSONValue)]) {
        self.odataType = odataType
        self.metadataId = metadataId
        self.properties = properties
    }

    /// AttributeMetadata's properties, plus those of `cast` (MaxLength, Targets) when read
    /// through that type. RequiredLevel has Dataverse's managed-property shape; made up:
    /// CanBeChanged (false only for SystemRequired), which the pages do not give.
    init(attribute: AttributeDefinition, of entity: EntityDefinition, cast: String?) {
        var properties: [(key: String, value: JSONValue)] = [
            ("LogicalName", .string(attribute.logicalName)), ("EntityLogicalName", .string(entity.logicalName)),
            ("AttributeType", .string(attribute.type)), ("AttributeTypeName", .object([("Value", .string(attribute.type + "Type"))])),
            ("RequiredLevel", .object([
                ("Value", .string(attribute.requiredLevel)), ("CanBeChanged", .bool(attribute.requiredLevel != "SystemRequired")),
                ("ManagedPropertyLogicalName", .string("canmodifyrequirementlevelsettings")),
            ])),
            ("IsValidForCreate", .bool(attribute.isValidForCreate)), ("IsValidForUpdate", .bool(attribute.isValidForUpdate)),
            ("IsValidForRead", .bool(true)), ("IsPrimaryId", .bool(attribute.logicalName == entity.primaryIdAttribute)),
            ("IsPrimaryName", .bool(attribute.logicalName == entity.primaryNameAttribute)),
        ]
        if cast == "StringAttributeMetadata" || cast == "MemoAttributeMetadata" {
            properties.append(("MaxLength", attribute.maxLength.map(JSONValue.integer) ?? .null))
        }
        if cast == "LookupAttributeMetadata" { properties.append(("Targets", .array(attribute.targets.map(JSONValue.string)))) }
        self.init(
            odataType: "#Microsoft.Dynamics.CRM." + Self.castName(of: attribute),
            metadataId: GUID(derivedFrom: entity.logicalName + "/" + attribute.logicalName), properties: properties)
    }

    init(relationship: RelationshipDefinition, cascade: CascadeConfiguration) {
        self.init(
            odataType: "#Microsoft.Dynamics.CRM.OneToManyRelationshipMetadata",
            metadataId: GUID(derivedFrom: "relationship/" + relationship.schemaName + "/" + relationship.referencingEntity),
            properties: [
                ("SchemaName", .string(relationship.schemaName)), ("RelationshipType", .string("OneToManyRelationship")),
                ("ReferencedEntity", .string(relationship.referencedEntity)),
                ("ReferencedAttribute", .string(relationship.referencedAttribute)),
                ("ReferencingEntity", .string(relationship.referencingEntity)),
                ("ReferencingAttribute", .string(relationship.referencingAttribute)),
                ("ReferencedEntityNavigationPropertyName", .string(relationship.referencedNavigation)),
                ("ReferencingEntityNavigationPropertyName", .string(relationship.referencingNavigation)),
                ("CascadeConfiguration", cascade.json),
            ])
    }

    func value(_ property: String) -> JSONValue {
        property == "MetadataId" ? .string(metadataId.description) : properties.first { $0.key == property }?.value ?? .null
    }

    /// The item's JSON: its type, the selected properties in `$select` order, its MetadataId.
    func rendered(_ selection: [String]?) -> JSONValue {
        let chosen = selection.map { names in names.filter { $0 != "MetadataId" }.map { (key: $0, value: value($0)) } } ?? properties
        return .object((odataType.map { [("@odata.type", JSONValue.string($0))] } ?? []) + chosen + [("MetadataId", .string(metadataId.description))])
    }

    /// The `$select` names, each checked against what the type has (an item's properties:
    /// all items of one answer are of one type). An empty answer checks nothing, a leniency.
    static func selection(_ items: [MetadataItem], type: String, _ context: WebAPIContext) throws(DataverseError) -> [String]? {
        guard let select = context.request.queryValue("$select") else { return nil }
        let names = select.split(separator: ",").map { $0.trimming(" \t") }
        try checkKnown(names, items, type: type)
        return names
    }

    private static func checkKnown(_ names: [String], _ items: [MetadataItem], type: String) throws(DataverseError) {
        guard let item = items.first else { return }
        let known = Set(item.properties.map(\.key) + ["MetadataId"])
        for name in names where !known.contains(name) {
            throw .badQuery("Could not find a property named '\(name)' on type 'Microsoft.Dynamics.CRM.\(type)'.")
        }
    }

    static func collection(
        _ items: [MetadataItem], type: String, context url: String, _ context: WebAPIContext
    ) throws(DataverseError) -> HTTPResponse {
        try context.checkQueryOptions(allowed: ["$select", "$filter"])
        let selection = try Self.selection(items, type: type, context)
        var kept = items
        if let text = context.request.queryValue("$filter") {
            let filter: ODataFilter
            do {
                filter = try ODataFilter(parsing: text, aliases: context.aliases)
            } catch {
                throw DataverseError(error)
            }
            try checkKnown(filter.clauses.joined().map(\.property), items, type: type)
            kept = items.filter { item in filter.clauses.contains { ODataFilter.matches($0, item.value) } }
        }
        let suffix = selection.map { "(" + $0.joined(separator: ",") + ")" } ?? ""
        return ODataResponse.json(
            status: 200,
            .object([("@odata.context", .string(url + suffix)), ("value", .array(kept.map { $0.rendered(selection) }))]))
    }

    func single(type: String, context url: String, _ context: WebAPIContext) throws(DataverseError) -> HTTPResponse {
        try context.checkQueryOptions(allowed: ["$select"])
        let selection = try Self.selection([self], type: type, context)
        let suffix = selection.map { "(" + $0.joined(separator: ",") + ")" } ?? ""
        let body = rendered(selection).objectValue ?? []
        return ODataResponse.json(status: 200, .object([("@odata.context", .string(url + suffix + "/$entity"))] + body))
    }
}
