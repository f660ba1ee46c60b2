-- No complainant's name is kept any more (src/domain/anonymity.ts): clear the names sealed before.
UPDATE `complaint_contacts` SET `display_name` = NULL;
