-- The separator the uploaded file was read with (a comma, or a semicolon or tab that its
-- header used instead): the rejected rows are written back with it, so that the spreadsheet
-- that saved the file opens them the same way.
alter table import_job add column separator text not null default ','
    check (separator in (',', ';', E'\t'));
