-- The right tables with values of the wrong types: numbers and blobs for
-- ids and names, text that is not JSON in JSON columns, JSON of the wrong
-- shape, invalid UTF-8 and a NUL byte in a blob.
CREATE TABLE "Users" ("objectId", "displayName", "userPrincipalName",
    "accountEnabled", "otherMails", "createdDateTime");
CREATE TABLE "Applications" ("objectId", "appId", "displayName",
    "passwordCredentials", "keyCredentials");
CREATE TABLE "ServicePrincipals" ("objectId", "appId", "displayName",
    "appRoles", "servicePrincipalNames", "tags", "accountEnabled");
INSERT INTO "Users" VALUES ('u1', 'Good User', 'good@bad.example', 1,
    '["good@bad.example"]', '2024-01-01T00:00:00Z');
INSERT INTO "Users" VALUES (42, 3.5, x'626164ff', 'maybe', '{"a": 1}',
    'yesterday');
INSERT INTO "Users" VALUES (x'7531006e756c', 'nul', NULL, NULL, NULL, NULL);
INSERT INTO "Applications" VALUES ('a1', 'app-1', 'app',
    '{"keyId": "not a list"}', '[{"keyId": 7}]');
INSERT INTO "Applications" VALUES ('a2', NULL, 'no app id', 'not json',
    '[1, 2');
INSERT INTO "ServicePrincipals" VALUES ('s1', 'app-1', 'sp', '"roles"',
    '[1, null, "x"]', 'tag', 2);
