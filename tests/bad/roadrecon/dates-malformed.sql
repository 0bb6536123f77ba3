-- Dates that are not times.
CREATE TABLE "Users" ("objectId" TEXT PRIMARY KEY, "displayName" TEXT,
    "createdDateTime" DATETIME, "lastPasswordChangeDateTime" DATETIME);
INSERT INTO "Users" VALUES ('u1', 'Uma', 'not a date', 20240101);
