-- Log-in attempts, counted per username and per client address. They live in the
-- database (not in a node's memory) so that a throttle holds across every node.
-- A row is a streak: an attempt is counted before its password is checked (so
-- parallel guesses cannot slip past the count), a successful log-in deletes the
-- username's row and gives its count back to the address. A streak starts again
-- once a quarter of an hour has passed since the last attempt (or since the lock
-- ended). The times are the application's clock, passed in, so tests drive them.
create table login_throttle (
    kind         text not null check (kind in ('username', 'address')),
    subject      text not null check (length(subject) between 1 and 200),
    failures     integer not null check (failures >= 0),
    last_failure timestamptz not null,
    locked_until timestamptz,
    primary key (kind, subject)
);
create index login_throttle_last_failure_idx on login_throttle (last_failure);

-- There is always an admin. Demoting (or deleting) an admin takes a transaction-
-- level advisory lock, so two demotions can never both see the other admin still
-- in place (check-then-act); the check runs after the lock, on a fresh snapshot,
-- and sees what the other committed. The lock is only tried: a second demotion
-- at the same moment fails at once (lock_not_available) rather than waiting.
create function app_user_keep_an_admin() returns trigger
    language plpgsql volatile as $$
begin
    if not pg_try_advisory_xact_lock(hashtext('stet.app_user.admins')) then
        raise exception 'another change of admins is in progress'
            using errcode = 'lock_not_available';
    end if;
    if not exists (select 1 from app_user where role = 'admin' and id <> old.id) then
        raise exception 'the last admin cannot stop being an admin'
            using errcode = 'ST001';
    end if;
    if tg_op = 'DELETE' then
        return old;
    end if;
    return new;
end;
$$;

create trigger app_user_keep_an_admin_on_update
    before update of role on app_user
    for each row
    when (old.role = 'admin' and new.role <> 'admin')
    execute function app_user_keep_an_admin();

create trigger app_user_keep_an_admin_on_delete
    before delete on app_user
    for each row
    when (old.role = 'admin')
    execute function app_user_keep_an_admin();
