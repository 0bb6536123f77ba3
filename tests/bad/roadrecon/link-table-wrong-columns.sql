-- A link table without the columns ROADrecon gives it: skipped with a
-- warning, and the rest imports.
CREATE TABLE "Users" ("objectId" TEXT PRIMARY KEY, "displayName" TEXT);
CREATE TABLE "lnk_group_member_user" ("a" TEXT, "b" TEXT);
INSERT INTO "Users" VALUES ('u1', 'Uma');
INSERT INTO "lnk_group_member_user" VALUES ('g1', 'u1');
