-- A client secret's value in passwordCredentials: replaced by its
-- fingerprint, with a warning.
CREATE TABLE "Users" ("objectId" TEXT PRIMARY KEY, "displayName" TEXT);
CREATE TABLE "Applications" ("objectId" TEXT PRIMARY KEY, "appId" TEXT,
    "displayName" TEXT, "passwordCredentials" TEXT);
INSERT INTO "Users" VALUES ('u1', 'Uma');
INSERT INTO "Applications" VALUES ('a1', 'app-1', 'app',
    '[{"keyId": "k1", "secretText": "fixture-secret-text-value-0001", "startDate": "2024-01-01T00:00:00Z"}]');
