-- Link tables with missing and unknown ends.
CREATE TABLE "Users" ("objectId" TEXT PRIMARY KEY, "displayName" TEXT);
CREATE TABLE "Groups" ("objectId" TEXT PRIMARY KEY, "displayName" TEXT);
CREATE TABLE "lnk_group_member_user" ("Group" TEXT, "User" TEXT);
INSERT INTO "Users" VALUES ('u1', 'Uma');
INSERT INTO "Groups" VALUES ('g1', 'ops');
INSERT INTO "lnk_group_member_user" VALUES ('g1', 'u1');
INSERT INTO "lnk_group_member_user" VALUES ('g1', NULL);
INSERT INTO "lnk_group_member_user" VALUES ('ghost', 'u1');
