-- wrk: Verisoul's documented enroll request, with its credential header.
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["x-api-key"] = "bench-key"
wrk.body = '{"session_id":"0007b793-ae5d-45a2-8d9f-4a5b573c3271","account_id":"example-account-id"}'
