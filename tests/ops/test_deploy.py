"""The Dockerfile and compose file, checked by reading them (no Docker engine here)."""

import re

import yaml

from tests.helpers import ROOT


def dockerfile_stages() -> dict[str, list[str]]:
    """Instructions per build stage, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text())
    stages: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = re.match(r"FROM \S+ AS (\w+)", line, re.IGNORECASE)
        if match:
            current = match.group(1)
            stages[current] = []
        elif current:
            stages[current].append(line)
    return stages


def test_dockerfile_builds_then_runs_as_non_root():
    stages = dockerfile_stages()
    assert list(stages) == ["builder", "runtime"]
    builder = " ".join(stages["builder"])
    assert "pip install -r /tmp/requirements.txt" in builder
    assert "collectstatic --noinput" in builder
    assert "compilemessages" in builder
    runtime = stages["runtime"]
    users = [line.split()[1] for line in runtime if line.startswith("USER ")]
    assert users and users[-1] not in {"root", "0"}
    assert any(line.startswith("COPY --from=builder") for line in runtime)


def test_runtime_serves_with_gunicorn_health_checks_and_never_migrates():
    runtime = dockerfile_stages()["runtime"]
    env = " ".join(line for line in runtime if line.startswith("ENV "))
    assert "GUNICORN_CMD_ARGS=" in env and "--no-control-socket" in env
    assert "DJANGO_SETTINGS_MODULE=portal.settings.production" in env
    healthcheck = next(line for line in runtime if line.startswith("HEALTHCHECK"))
    assert "/healthz" in healthcheck
    cmd = next(line for line in runtime if line.startswith("CMD "))
    assert "gunicorn" in cmd and "migrate" not in cmd


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_has_every_process_and_the_database_gates_them():
    services = compose()["services"]
    assert {"web", "worker", "scheduler", "release", "db", "redis"} <= set(services)
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    for name in ["web", "worker", "scheduler", "release"]:
        assert services[name]["depends_on"]["db"] == {"condition": "service_healthy"}
    for name in ["web", "worker", "scheduler"]:
        assert services[name]["depends_on"]["release"] == {
            "condition": "service_completed_successfully"
        }


def test_compose_commands_match_the_contract():
    services = compose()["services"]
    assert "db_worker" in services["worker"]["command"]
    assert "run_scheduler" in services["scheduler"]["command"]
    release = " ".join(services["release"]["command"])
    assert "migrate --noinput" in release and "sync_roles" in release
    assert "command" not in services["web"]
    assert services["redis"]["profiles"] == ["redis"]


def test_compose_keeps_data_in_named_volumes_and_requires_a_secret():
    data = compose()
    assert {"pgdata", "media"} <= set(data["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in data["services"]["db"]["volumes"]
    assert "media:/data/media" in data["services"]["web"]["volumes"]
    secret = data["services"]["web"]["environment"]["SECRET_KEY"]
    assert secret.startswith("${SECRET_KEY:?")


def test_backups_have_their_tools_and_volume():
    runtime = " ".join(dockerfile_stages()["runtime"])
    assert "postgresql-client" in runtime  # pg_dump and pg_restore
    assert "BACKUP_DIR=/data/backups" in runtime
    data = compose()
    assert "backups" in data["volumes"]
    for name in ["web", "worker", "scheduler"]:
        assert "backups:/data/backups" in data["services"][name]["volumes"]
