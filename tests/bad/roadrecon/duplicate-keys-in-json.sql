-- A JSON column with a duplicate key: the strict reader keeps it as text.
CREATE TABLE "Users" ("objectId" TEXT PRIMARY KEY, "displayName" TEXT);
CREATE TABLE "Applications" ("objectId" TEXT PRIMARY KEY, "appId" TEXT,
    "displayName" TEXT, "passwordCredentials" TEXT);
INSERT INTO "Users" VALUES ('u1', 'Uma');
INSERT INTO "Applications" VALUES ('a1', 'app-1', 'app',
    '[{"keyId": "k1", "keyId": "k2", "startDate": "2024-01-01T00:00:00Z"}]');
