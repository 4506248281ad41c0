-- A lease ends with the login session that took it (2026-11-28). Leases are taken by a
-- session (the edit form that opened), but a logout, a session that expired, a password
-- reset that ended the user's sessions, or the user's removal left them live until they
-- ran out (10 minutes by default): in an exclusive collection nobody else could save the
-- record meanwhile, though its holder was gone. Whichever way a session row goes, its
-- leases go with it, in the same statement; their pages hear it as any release
-- (lease_events, V16).
create function lease_end_with_session() returns trigger
language plpgsql as $$
begin
    delete from lease where session_id = old.id;
    return null;
end
$$;

create trigger app_session_ends_leases after delete on app_session
    for each row execute function lease_end_with_session();

create index lease_session_idx on lease (session_id);
