-- A ROADrecon-like database without the Users table: rejected.
CREATE TABLE "Applications" ("objectId" TEXT PRIMARY KEY, "appId" TEXT,
    "displayName" TEXT);
INSERT INTO "Applications" VALUES ('a1', 'b1', 'app');
