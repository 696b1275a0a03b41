"""JupyterHub for one class on one machine (`make hub`; see docs/instructor-guide.md).

Each account runs its own JupyterLab as itself (LocalProcessSpawner), from the course's
.venv. A student's server imports the course package and reads the lessons' content from a
student-only copy of the course (no source/, no item bank, no instructor configuration or
gradebook), and the repository is closed to other accounts but for the environment: no key
is within a student's reach. Students get the assignment list and Validate; the instructor
also gets the formgrader, on a copy of the course in ~/course.
The class and folders come from HRCOURSE_HUB_* variables (hrcourse/hub.py, `Settings`).
For a real course change: the authenticator (university OAuth/LTI instead of PAM), HTTPS
(or a TLS-terminating proxy in front), and per-user limits (systemdspawner enforces them;
the local process spawner does not).
"""

import os
import sys

from hrcourse import hub as classhub

c = get_config()  # noqa: F821  (provided by JupyterHub when it loads this file)
settings = classhub.Settings.from_env()
settings.state.mkdir(parents=True, exist_ok=True)
settings.state.chmod(0o755)
# Instructor material out of other accounts' reach before any server starts (idempotent;
# `make hub` has done it already and said what it closed).
classhub.lock_course(classhub.ROOT)
classhub.lock_course(settings.course)
classhub.write_student_course(settings)
if settings.exchange_kind == "folder":
    classhub.prepare_exchange(settings.exchange)
classhub.write_role_configs(settings)

# Network: the public proxy port; the hub and the proxy's API stay on loopback.
c.JupyterHub.bind_url = f"http://{settings.ip}:{settings.port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings.hub_port
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.proxy_api_port}"
c.ConfigurableHTTPProxy.command = [str(classhub.PROXY)]
c.ConfigurableHTTPProxy.pid_file = str(settings.state / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{settings.state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(settings.state / "jupyterhub_cookie_secret")
# Stopping the hub stops every server (a restart of the machine starts clean).
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True

# Who may log in: the class, with their system passwords (PAM).
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set(settings.instructors + settings.students)

# Each account's own JupyterLab, from the course environment, opening on the start page.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(classhub.BIN / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = f"/lab/tree/{classhub.START_PAGE}"
# First starts import JupyterLab and nbgrader: slow on a busy machine, so wait generously.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.environment = {
    "PATH": f"{classhub.BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin",
}


def pre_spawn_hook(spawner):
    """Copy the course into a new home, and give the account its role's configuration."""
    role = settings.role(spawner.user.name)
    home = classhub.prepare_home(spawner.user.name, role, settings)
    spawner.environment["JUPYTER_CONFIG_PATH"] = classhub.config_path(settings, role, home)
    if role == "student":
        spawner.environment.update(classhub.student_environment(settings))


c.Spawner.pre_spawn_hook = pre_spawn_hook

# The exchange service (HUB_EXCHANGE=service): ngshare, run and stopped by the hub; it asks
# the hub who owns each request's token and checks their role in the course.
c.JupyterHub.services = []
if settings.exchange_kind == "service":
    c.JupyterHub.services.append(classhub.ngshare_service(settings))

# Optional: a service token with admin rights, for scripts and the class test.
if settings.api_token:
    c.JupyterHub.services.append({"name": "class-admin", "api_token": settings.api_token})
    c.JupyterHub.load_roles = [{"name": "admin", "services": ["class-admin"]}]

print(f"hrcourse hub: python {sys.executable}; class of {len(settings.students)} "
      "student(s); exchange " + (settings.ngshare_url if settings.exchange_kind == "service"
                                 else str(settings.exchange)), file=sys.stderr)
