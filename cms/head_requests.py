"""HEAD is answered with GET's headers and no body.

Django builds a HEAD answer as a GET, body included, and leaves dropping the body to the server; gunicorn drops
it and logs a line each time, so every uptime probe and link checker would fill the log. The headers (the
Content-Length of the page among them) are kept, as HEAD promises them.
"""

from django.http import HttpRequest, HttpResponseBase


def answer_head_without_body(get_response):
    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []  # a file's handle is still closed with the response
            else:
                length = response.get("Content-Length", str(len(response.content)))
                response.content = b""
                response["Content-Length"] = length
        return response

    return middleware
