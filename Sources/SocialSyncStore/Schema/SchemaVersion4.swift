/// Instance URLs in their stored form (`InstanceURL`, docs/dataverse.md review B6): URLs added
/// before normalisation existed are brought to it, so the links Dataverse writes with the
/// organization's own lower-case host match them. Frozen once released: later changes are
/// new migrations.
///
/// The same rules as `InstanceURL.normalized`, in SQL: scheme and host lower-cased, the
/// scheme's default port dropped (`:443` for https, `:80` for http), trailing slashes
/// removed, the path kept as typed. A URL with a query or a fragment, which the command line
/// now refuses, is left as it was rather than guessed at. User info never reached the store
/// (`URLPolicy` refuses it), so lower-casing the whole authority touches only the host.
enum SchemaVersion4 {
    static let sql = """
    WITH parts AS (
        SELECT id, lower(substr(url, 1, instr(url, '://') - 1)) AS scheme,
               -- The authority and path, ending in '/' so the authority always ends at one.
               substr(url, instr(url, '://') + 3) || '/' AS rest
        FROM instances
        WHERE instr(url, '://') > 1 AND instr(url, '?') = 0 AND instr(url, '#') = 0
    ), split AS (
        SELECT id, scheme, lower(substr(rest, 1, instr(rest, '/') - 1)) AS authority,
               rtrim(substr(rest, instr(rest, '/')), '/') AS path
        FROM parts
    )
    UPDATE instances SET url = (
        SELECT scheme || '://'
            || CASE
                WHEN scheme = 'https' AND authority LIKE '%:443' THEN substr(authority, 1, length(authority) - 4)
                WHEN scheme = 'http' AND authority LIKE '%:80' THEN substr(authority, 1, length(authority) - 3)
                ELSE authority
            END
            || path
        FROM split WHERE split.id = instances.id
    )
    WHERE id IN (SELECT id FROM split);
    """
}
