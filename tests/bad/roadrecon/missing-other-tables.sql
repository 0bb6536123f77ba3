-- Only a Users table: the other tables read as empty.
CREATE TABLE "Users" ("objectId" TEXT PRIMARY KEY, "displayName" TEXT,
    "userPrincipalName" TEXT);
INSERT INTO "Users" VALUES ('u1', 'Uma', 'uma@bad.example');
