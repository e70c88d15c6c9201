-- wrk: Progeny's register_face upload: a multipart form with a small PNG and extend_data.
local boundary = "faceauthbenchboundary"
local png = "\137PNG\r\n\26\n\0\0\0\13IHDR\0\0\0\1\0\0\0\1\8\6\0\0\0\31\21\196\137\0\0\0\13IDATx\156c\248\207\192\240\31\0\5\0\1\255\137\153=\29\0\0\0\0IEND\174B`\130"
wrk.method = "POST"
wrk.headers["content-type"] = "multipart/form-data; boundary=" .. boundary
wrk.headers["authorization"] = "Bearer bench-token"
wrk.body = "--" .. boundary .. "\r\n"
  .. 'Content-Disposition: form-data; name="image"; filename="face.png"\r\n'
  .. "Content-Type: image/png\r\n\r\n" .. png .. "\r\n"
  .. "--" .. boundary .. "\r\n"
  .. 'Content-Disposition: form-data; name="extend_data"\r\n\r\nfalse\r\n'
  .. "--" .. boundary .. "--\r\n"
