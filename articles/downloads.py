"""A remote image fetched for an import, from public addresses only, within a time and size limit.

A download goes only to public addresses: a file being imported must not make the server send requests to
itself or its network (a database, a cache, a cloud metadata service). The host is resolved, refused if
any of its addresses is private or local, and the connection is made to an address that was checked, so a
name that resolves differently a moment later changes nothing; every redirect is a new connection, checked
the same way. IMPORT_DOWNLOAD_PRIVATE_ADDRESSES turns this off, for a trusted network. Apart from
import_images.py because this is the one place Folio opens a connection on an imported file's word.
"""

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

from .image_references import WEB_SCHEMES, classify
from .invalid_file import shortened
from .text import is_whole_number

DOWNLOAD_TIMEOUT = 10.0


class DownloadFailed(Exception):
    pass


class PrivateAddress(DownloadFailed):
    """The address a download would go to is not a public one."""


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# NAT64's well-known prefix: an IPv6-only network reaches an IPv4 address through it, so the IPv4 one counts.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def is_public_address(address: IPAddress) -> bool:
    """True for an address on the public internet; false for loopback, private, link-local (cloud metadata),
    shared, multicast, reserved and unspecified ones, however an IPv6 address wraps an IPv4 one."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped or address.sixtofour:
            address = address.ipv4_mapped or address.sixtofour
        elif address in _NAT64:
            address = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def any_address(address: IPAddress) -> bool:
    return True


def checked_addresses(host: str, port: int, permitted: Callable[[IPAddress], bool]) -> list[IPAddress]:
    """The addresses `host` resolves to, or PrivateAddress if any of them is not permitted: a name with one
    public and one private address could be either when connected to."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except UnicodeError:
        raise DownloadFailed(f"'{shortened(host)}' is not a valid host name") from None
    addresses = []
    for *_, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0])
        if not permitted(address):
            raise PrivateAddress(f"points at a private or local address: {address}")
        if address not in addresses:
            addresses.append(address)
    return addresses


def _connector(permitted: Callable[[IPAddress], bool]) -> Callable:
    """socket.create_connection, but connecting only to addresses `permitted` allows, which it checks itself."""

    def connect(host_port, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
        host, port = host_port
        error = None
        for address in checked_addresses(host, port, permitted):
            try:
                # An address, not the name: nothing is resolved again between the check and the connection.
                return socket.create_connection((str(address), port), timeout, source_address)
            except OSError as failure:
                error = failure
        raise error or OSError(f"no address for {host}")

    return connect


def _checked(kind: type[http.client.HTTPConnection], permitted: Callable[[IPAddress], bool]) -> Callable:
    def connection(*args, **kwargs) -> http.client.HTTPConnection:
        made = kind(*args, **kwargs)
        # http.client opens its socket through this attribute; an https connection still verifies the
        # certificate against the host name, as it wraps the socket afterwards.
        made._create_connection = _connector(permitted)
        return made

    return connection


def _through_proxy(request: urllib.request.Request) -> bool:
    """Whether ProxyHandler sent the request to a proxy: plain http names the whole URL to it, https tunnels."""
    return request.has_proxy() or request._tunnel_host is not None


class _CheckedHandler(urllib.request.AbstractHTTPHandler):
    """http and https, connecting only to addresses `permitted` allows."""

    def __init__(self, permitted: Callable[[IPAddress], bool]):
        super().__init__()
        self.permitted = permitted

    def checked_open(self, kind: type[http.client.HTTPConnection], request: urllib.request.Request):
        if _through_proxy(request):
            # A proxy from the environment (the operator's own) resolves and connects for itself: the host
            # is checked here, the best that can be done without seeing its connection.
            target = urlsplit(request.full_url)
            if not target.hostname:
                raise DownloadFailed("the address has no host")
            checked_addresses(target.hostname, target.port or (443 if target.scheme == "https" else 80), self.permitted)
            return self.do_open(kind, request)
        return self.do_open(_checked(kind, self.permitted), request)

    def http_open(self, request):
        return self.checked_open(http.client.HTTPConnection, request)

    def https_open(self, request):
        return self.checked_open(http.client.HTTPSConnection, request)

    http_request = https_request = urllib.request.AbstractHTTPHandler.do_request_


class _WebOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme.lower() not in WEB_SCHEMES:
            raise DownloadFailed(f"redirected to '{shortened(newurl)}'")
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def http_error_302(self, req, fp, code, msg, headers):
        try:
            return super().http_error_302(req, fp, code, msg, headers)
        except PrivateAddress as error:
            if str(error).startswith("redirected"):  # from a later hop, which names itself
                raise
            location = urljoin(req.full_url, headers.get("Location") or headers.get("URI") or "")
            raise PrivateAddress(f"redirected to '{shortened(location)}', which {error}") from None

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener(permitted: Callable[[IPAddress], bool]) -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        _CheckedHandler(permitted),
        _WebOnlyRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(
    url: str, *, timeout: float, max_bytes: int, permitted: Callable[[IPAddress], bool] = is_public_address
) -> bytes:
    """The bytes at an http(s) address, within a time and size limit, from addresses `permitted` allows (the
    first and every one redirected to); DownloadFailed says what went wrong."""
    if classify(url) != "remote":
        raise DownloadFailed("only http and https addresses are fetched")
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": "Folio-importer/1.0", "Accept": "image/*"})
    try:
        with _opener(permitted).open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and is_whole_number(declared) and int(declared) > max_bytes:
                raise DownloadFailed(f"{int(declared)} bytes is over the limit of {max_bytes}")
            chunks, size = [], 0
            while chunk := response.read(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise DownloadFailed(f"more than the limit of {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise DownloadFailed(f"took longer than {timeout:g} seconds")
                chunks.append(chunk)
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            raise DownloadFailed(f"redirected to '{shortened(error.headers.get('Location', ''))}'") from None
        raise DownloadFailed(f"HTTP {error.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError) or isinstance(error, TimeoutError):
            raise DownloadFailed(f"took longer than {timeout:g} seconds") from None
        raise DownloadFailed(str(reason)) from None
    return b"".join(chunks)
