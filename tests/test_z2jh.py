"""hub/z2jh/values.yaml: valid for the Zero to JupyterHub chart it names, and the same
course, image and student setup as the one-machine class hub (hrcourse/hub.py)."""

import hashlib
import json
from pathlib import Path

import jsonschema
import yaml

from hrcourse import hub as classhub

ROOT = Path(__file__).resolve().parent.parent
Z2JH = ROOT / "hub" / "z2jh"
CHART = Z2JH / "chart-4.4.0"
CHART_JUPYTERHUB = "5.5"  # the JupyterHub in chart 4.4.0's hub image (its Chart.yaml)


def values() -> dict:
    return yaml.safe_load((Z2JH / "values.yaml").read_text())


def merged(defaults: dict, override: dict) -> dict:
    """Helm's merge of a values file onto the chart's defaults."""
    out = dict(defaults)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = value
    return out


def environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text())


def pip_pins() -> dict[str, str]:
    section = next(d["pip"] for d in environment()["dependencies"] if isinstance(d, dict))
    return dict(spec.split("==") for spec in section)


def test_the_values_are_valid_for_the_chart():
    schema = json.loads((CHART / "values.schema.json").read_text())
    defaults = yaml.safe_load((CHART / "values.yaml").read_text())
    jsonschema.validate(merged(defaults, values()), schema)


def test_an_unknown_setting_is_caught():
    """The check above can fail: a misspelt key is rejected by the chart's schema."""
    schema = json.loads((CHART / "values.schema.json").read_text())
    defaults = yaml.safe_load((CHART / "values.yaml").read_text())
    broken = merged(defaults, {"singleuser": {"memmory": {"limit": "1G"}}})
    try:
        jsonschema.validate(broken, schema)
    except jsonschema.ValidationError as err:
        assert "memmory" in str(err)
    else:
        raise AssertionError("the schema accepted singleuser.memmory")


def test_the_image_is_the_course_environment():
    image = values()["singleuser"]["image"]
    assert image["name"].endswith("/" + environment()["name"])
    locks = (ROOT / "requirements.lock").read_bytes() + \
        (ROOT / "hub" / "ngshare" / "client.lock").read_bytes()
    digest = hashlib.sha256(locks).hexdigest()[:12]
    assert image["tag"] == f"student-{digest}", (
        f"a lock changed: build a new student image (docs/instructor-guide.md) and set "
        f"singleuser.image.tag to student-{digest}")
    # jupyterhub-singleuser in the image matches the chart's hub
    assert pip_pins()["jupyterhub"].rsplit(".", 1)[0] == CHART_JUPYTERHUB


def test_students_get_the_same_course_setup_as_on_the_class_hub():
    single = values()["singleuser"]
    files = single["extraFiles"]
    config = files["nbgrader-config"]["stringData"]
    assert f'course_id = "{classhub.course_id()}"' in config
    # the exchange is the service, at the address the hub knows it by, with the hub's limit
    service = values()["hub"]["services"]["ngshare"]
    limit = classhub.Settings().max_submission_mb
    assert f'use_ngshare(c, "{service["url"]}/services/ngshare", max_mb={limit:g})' in config
    assert "extraVolumeMounts" not in single["storage"]  # no shared exchange folder
    hidden_server = files["student-server-extensions"]["data"]["ServerApp"]
    assert hidden_server["jpserver_extensions"] == dict.fromkeys(
        classhub.STUDENT_HIDDEN_SERVER, False)
    hidden_lab = files["student-lab-extensions"]["data"]["disabledExtensions"]
    assert hidden_lab == dict.fromkeys(classhub.STUDENT_HIDDEN_LAB, True)
    assert single["defaultUrl"] == f"/lab/tree/{classhub.START_PAGE}"
    assert (ROOT / classhub.START_PAGE).exists()


def test_limits_leave_room_above_the_guarantee():
    memory, cpu = values()["singleuser"]["memory"], values()["singleuser"]["cpu"]
    to_mib = {"M": 1, "G": 1024}
    guarantee = float(memory["guarantee"][:-1]) * to_mib[memory["guarantee"][-1]]
    limit = float(memory["limit"][:-1]) * to_mib[memory["limit"][-1]]
    assert 0 < guarantee < limit and 0 < cpu["guarantee"] < cpu["limit"]


def test_servers_may_reach_the_exchange_service():
    """The network policy lets servers reach ngshare's pods on its port (the chart's
    default policy would not), and the port is the one the hub's service URL names."""
    single = values()["singleuser"]
    [rule] = single["networkPolicy"]["egress"]
    assert rule["to"] == [{"podSelector": {"matchLabels": {
        "app.kubernetes.io/name": "ngshare"}}}]
    port = int(values()["hub"]["services"]["ngshare"]["url"].rsplit(":", 1)[1])
    assert rule["ports"] == [{"port": port, "protocol": "TCP"}]
    ngshare_chart = yaml.safe_load((Z2JH / "ngshare-chart-0.6.0" / "values.yaml").read_text())
    assert ngshare_chart["deployment"]["port"] == port


def keys(tree: dict, prefix: str = "") -> set[str]:
    out = set()
    for key, value in tree.items():
        out.add(prefix + key)
        if isinstance(value, dict) and value:
            out |= keys(value, prefix + key + ".")
    return out


def test_the_exchange_service_values_fit_ngshares_chart():
    """ngshare's chart has no schema: every setting must be one its defaults have (free-form
    maps excepted), and the service gets the class's course, limit and a database volume."""
    ours = yaml.safe_load((Z2JH / "ngshare-values.yaml").read_text())
    defaults = yaml.safe_load((Z2JH / "ngshare-chart-0.6.0" / "values.yaml").read_text())
    free = ("deployment.resources.", "ngshare.env.")
    unknown = [k for k in keys(ours) - keys(defaults) if not k.startswith(free)]
    assert not unknown, unknown
    env = ours["ngshare"]["env"]
    assert env["HRCOURSE_NGSHARE_COURSE"] == classhub.course_id()
    assert float(env["HRCOURSE_NGSHARE_MAX_MB"]) == classhub.Settings().max_submission_mb
    assert ours["deployment"]["replicaCount"] == 1 and ours["pvc"]["storage"]
