"""`complaintdesk token issue|revoke|list`: API tokens from the command line."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from complaintdesk.accounts.models import ApiToken
from complaintdesk.accounts.selectors import user_for_token
from complaintdesk.accounts.services import issue_token


def token(*arguments: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", *arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_issuing_prints_only_the_token_which_then_authenticates_its_user(agent):
    out, err = token("issue", "alice", "--name", "crm sync")
    raw = out.strip()
    assert user_for_token(raw) == agent
    assert "cannot be shown again" in err
    assert ApiToken.objects.get().name == "crm sync"


def test_only_a_hash_of_the_issued_token_is_stored(agent):
    raw = token("issue", "alice")[0].strip()
    stored = ApiToken.objects.get()
    assert raw not in {stored.key_hash, stored.prefix, stored.name}


def test_issuing_for_an_unknown_user_names_the_user(db):
    with pytest.raises(CommandError, match="username: no user named 'nobody'"):
        token("issue", "nobody")


def test_issuing_for_a_deactivated_user_is_refused(agent):
    agent.is_active = False
    agent.save()
    with pytest.raises(CommandError, match="deactivated"):
        token("issue", "alice")


def test_a_token_revoked_by_its_prefix_stops_working(agent):
    issued, raw = issue_token(user=agent, name="crm")
    out, _ = token("revoke", issued.prefix)
    assert user_for_token(raw) is None
    assert f"Revoked token #{issued.pk}" in out


def test_a_token_can_be_revoked_by_its_id(agent):
    issued, raw = issue_token(user=agent, name="crm")
    token("revoke", str(issued.pk))
    assert user_for_token(raw) is None


def test_revoking_twice_says_it_was_already_revoked(agent):
    issued, _ = issue_token(user=agent, name="crm")
    token("revoke", str(issued.pk))
    out, _ = token("revoke", str(issued.pk))
    assert "already revoked" in out


def test_a_prefix_shared_by_two_tokens_asks_for_the_id(agent):
    first, _ = issue_token(user=agent, name="one")
    second, _ = issue_token(user=agent, name="two")
    ApiToken.objects.filter(pk=second.pk).update(prefix=first.prefix)
    with pytest.raises(CommandError, match="matches several tokens"):
        token("revoke", first.prefix)


def test_revoking_something_that_is_not_a_token_says_what_to_give(db):
    with pytest.raises(CommandError, match="give a token id or a prefix"):
        token("revoke", "hello")


def test_revoking_an_unknown_id_says_nothing_matches(db):
    with pytest.raises(CommandError, match="no token matches '999'"):
        token("revoke", "999")


def test_the_list_shows_prefixes_and_states_but_never_a_secret(agent, handler):
    _, raw = issue_token(user=agent, name="crm")
    revoked, _ = issue_token(user=handler, name="old script")
    token("revoke", str(revoked.pk))
    out, _ = token("list")
    assert raw not in out
    assert "active" in out
    assert "revoked" in out
    assert "old script" in out


def test_the_list_of_one_user_leaves_out_the_others(agent, handler):
    issue_token(user=agent, name="alice's script")
    issue_token(user=handler, name="hugo's script")
    out, _ = token("list", "hugo")
    assert "hugo's script" in out
    assert "alice's script" not in out
