"""nbgrader's exchange through ngshare, the exchange service that checks who is asking
(hub/ngshare/serve.py runs it as a JupyterHub service).

The classes are ngshare_exchange's (the client ngshare's authors publish, installed with
--no-deps: its release pins a jupyter-core older than any current JupyterLab accepts;
`make ngshare`), registered with nbgrader's documented plug-in API, `ExchangeFactory`.
One thing is added: a request the service refuses (a student releasing, a submission over
the size limit...) stops the command with the service's own message, where
ngshare_exchange would log it and carry on as if it had worked; and a submission over the
limit is refused before it is sent, saying its size and the limit.

In a server's nbgrader_config.py (what hrcourse/hub.py writes):

    from hrcourse.exchange import use_ngshare
    use_ngshare(c, "http://127.0.0.1:8765/services/ngshare", max_mb=20)
"""

from __future__ import annotations

import os
from urllib.parse import urlencode

# ngshare_exchange reads the user name from the environment when it is imported.
os.environ.setdefault("USER", os.environ.get("JUPYTERHUB_USER", "") or "unknown")

import ngshare_exchange as ngx  # noqa: E402
from nbgrader.exchange import ExchangeError  # noqa: E402
from traitlets import Float  # noqa: E402

MB = 1024 * 1024


class Exchange(ngx.Exchange):
    max_request_mb = Float(20.0, help="The exchange service's limit on one request, in MB "
                                      "(hub/ngshare/serve.py refuses larger ones)."
                           ).tag(config=True)

    def ngshare_api_request(self, method, url, data=None, params=None):
        if method == "POST" and data is not None:
            size = len(urlencode(data))
            if size > self.max_request_mb * MB:
                raise ExchangeError(
                    f"Not sent: this is {size / MB:.1f} MB and the course's exchange accepts "
                    f"at most {self.max_request_mb:.0f} MB. Remove large files (data, "
                    "images, videos) from the assignment folder and try again.")
        self.refusal = None
        response = super().ngshare_api_request(method, url, data=data, params=params)
        if response is None and method == "POST":
            raise ExchangeError(self.refusal or f"The exchange service did not accept {url}.")
        return response

    def _ngshare_api_check_error(self, response, url):
        try:
            self.refusal = response.json().get("message")
        except Exception:  # not JSON: a proxy's or Tornado's own error page
            self.refusal = f"HTTP {response.status_code} from the exchange service"
        return super()._ngshare_api_check_error(response, url)


class FetchAssignment(Exchange, ngx.ExchangeFetchAssignment):
    pass


class FetchFeedback(Exchange, ngx.ExchangeFetchFeedback):
    pass


class ReleaseAssignment(Exchange, ngx.ExchangeReleaseAssignment):
    pass


class ReleaseFeedback(Exchange, ngx.ExchangeReleaseFeedback):
    pass


class List(Exchange, ngx.ExchangeList):
    pass


class Submit(Exchange, ngx.ExchangeSubmit):
    pass


class Collect(Exchange, ngx.ExchangeCollect):
    pass


def use_ngshare(c, url: str, max_mb: float = 20.0) -> None:
    """Point nbgrader's exchange at the ngshare service at `url` (`c`: the config)."""
    c.ExchangeFactory.exchange = Exchange
    c.ExchangeFactory.fetch_assignment = FetchAssignment
    c.ExchangeFactory.fetch_feedback = FetchFeedback
    c.ExchangeFactory.release_assignment = ReleaseAssignment
    c.ExchangeFactory.release_feedback = ReleaseFeedback
    c.ExchangeFactory.list = List
    c.ExchangeFactory.submit = Submit
    c.ExchangeFactory.collect = Collect
    c.Exchange._ngshare_url = url.rstrip("/")
    c.Exchange.max_request_mb = float(max_mb)
