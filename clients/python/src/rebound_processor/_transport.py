"""Publishing to Pub/Sub through its REST API with the standard library: the emulator when ``PUBSUB_EMULATOR_HOST``
is set, otherwise ``pubsub.googleapis.com`` with an access token from google-auth's default credentials (when that
package is installed) or from the metadata server (Cloud Run, GCE)."""

from __future__ import annotations

import base64
import json
import os
import threading
import time
import urllib.error
import urllib.request
from typing import Any, Protocol

from ._events import Message

PUBSUB_SCOPE = "https://www.googleapis.com/auth/pubsub"
LOCAL_PROJECT = "rebound-local"  # the project ./rebound up provisions in the emulator
_METADATA_HEADERS = {"Metadata-Flavor": "Google"}


class PublishError(Exception):
    """Pub/Sub did not accept a message. ``retryable`` is False only when sending it again cannot help."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


class ConfigurationError(Exception):
    """The client cannot tell where to publish (no project, for one)."""


class Transport(Protocol):
    """Where encoded messages go; returns the Pub/Sub message id or raises :class:`PublishError`."""

    def publish(self, message: Message) -> str: ...


class TokenSource(Protocol):
    def token(self) -> str: ...

    def invalidate(self) -> None: ...


def _metadata_host() -> str:
    return os.environ.get("GCE_METADATA_HOST", "metadata.google.internal")


def _metadata(path: str, timeout: float = 2.0) -> str:
    request = urllib.request.Request(f"http://{_metadata_host()}/computeMetadata/v1/{path}",
                                     headers=_METADATA_HEADERS)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return str(response.read().decode("utf-8"))


class MetadataToken:
    """The service account's access token from the metadata server, cached until a minute before it expires."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires = 0.0

    def token(self) -> str:
        with self._lock:
            if self._token is None or time.monotonic() >= self._expires:
                try:
                    body = json.loads(_metadata("instance/service-accounts/default/token"))
                except (OSError, ValueError) as e:
                    raise PublishError(f"no access token from the metadata server at {_metadata_host()}: {e}") from e
                self._token = body["access_token"]
                self._expires = time.monotonic() + float(body.get("expires_in", 300)) - 60
            return self._token

    def invalidate(self) -> None:
        with self._lock:
            self._token = None


class GoogleAuthToken:
    """google-auth's application default credentials (a service account key, gcloud's login, or the metadata
    server), refreshed when they expire."""

    def __init__(self, credentials: Any, request: Any) -> None:
        self._credentials = credentials
        self._request = request
        self._lock = threading.Lock()

    def token(self) -> str:
        with self._lock:
            if not self._credentials.valid:
                try:
                    self._credentials.refresh(self._request)
                except Exception as e:  # google-auth raises its own TransportError/RefreshError hierarchy
                    raise PublishError(f"google-auth could not refresh credentials: {e}") from e
            return str(self._credentials.token)

    def invalidate(self) -> None:
        with self._lock:
            self._credentials.expiry = None
            self._credentials.token = None


def _google_auth() -> tuple[GoogleAuthToken, str | None] | None:
    """google-auth's default credentials and project, when google-auth and an HTTP transport are installed."""
    try:
        import google.auth  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    request: Any
    try:
        from google.auth.transport import requests as transport  # type: ignore[import-not-found,unused-ignore]
        request = transport.Request()
    except ImportError:
        try:
            import urllib3  # type: ignore[import-not-found,unused-ignore]
            from google.auth.transport import urllib3 as pool  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            return None
        request = pool.Request(urllib3.PoolManager())
    try:
        credentials, project = google.auth.default(scopes=[PUBSUB_SCOPE])
    except Exception:  # DefaultCredentialsError: fall back to the metadata server
        return None
    return GoogleAuthToken(credentials, request), project


def resolve_project(project_id: str | None, emulator_host: str | None,
                    google_auth_project: str | None = None) -> str:
    """The project to publish to: the argument, ``PUBSUB_PROJECT_ID``, ``GOOGLE_CLOUD_PROJECT``, ``rebound-local``
    on the emulator, google-auth's project, the metadata server's; else a :class:`ConfigurationError`."""
    for candidate in (project_id, os.environ.get("PUBSUB_PROJECT_ID"), os.environ.get("GOOGLE_CLOUD_PROJECT")):
        if candidate:
            return candidate
    if emulator_host:
        return LOCAL_PROJECT
    if google_auth_project:
        return google_auth_project
    try:
        return _metadata("project/project-id").strip()
    except OSError as e:
        raise ConfigurationError("no Google Cloud project: set PUBSUB_PROJECT_ID or GOOGLE_CLOUD_PROJECT, or pass "
                                 "project_id") from e


class PubSubRest:
    """``projects.topics.publish`` over HTTP, one message per request (run events are few and small)."""

    def __init__(self, project_id: str | None = None, *, emulator_host: str | None = None,
                 api_endpoint: str | None = None, tokens: TokenSource | None = None, timeout: float = 30.0) -> None:
        emulator_host = emulator_host if emulator_host is not None else os.environ.get("PUBSUB_EMULATOR_HOST")
        google_project = None
        if emulator_host:
            self.endpoint = f"http://{emulator_host}"
            self._tokens: TokenSource | None = None
        else:
            self.endpoint = (api_endpoint or "https://pubsub.googleapis.com").rstrip("/")
            if tokens is None:
                found = _google_auth()
                if found is not None:
                    tokens, google_project = found
                else:
                    tokens = MetadataToken()
            self._tokens = tokens
        self.project_id = resolve_project(project_id, emulator_host, google_project)
        self.timeout = timeout

    def publish(self, message: Message) -> str:
        body = json.dumps({"messages": [{"data": base64.b64encode(message.data).decode("ascii"),
                                         "attributes": message.attributes}]}).encode("utf-8")
        url = f"{self.endpoint}/v1/projects/{self.project_id}/topics/{message.topic}:publish"
        headers = {"Content-Type": "application/json"}
        if self._tokens is not None:
            headers["Authorization"] = f"Bearer {self._tokens.token()}"
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return str(json.loads(response.read())["messageIds"][0])
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")[:500]
            if e.code == 401 and self._tokens is not None:
                self._tokens.invalidate()
            # 400: Pub/Sub refuses the message itself; sending it again cannot help. Anything else (a topic not yet
            # created, permissions still propagating, quota, an outage) may pass later.
            raise PublishError(f"{message.topic}: HTTP {e.code} {detail}", retryable=e.code != 400) from e
        except (OSError, ValueError, KeyError) as e:
            raise PublishError(f"{message.topic}: {e}") from e
