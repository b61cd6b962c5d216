-- Each request a distinct address: UMODE=query gives UPATH?x=<n> (a new query string),
-- UMODE=path gives UPATH-<n> (a new path, a 404 page); PAD adds that many bytes to each.
local counter = 0
local pad = os.getenv("PAD") and string.rep("a", tonumber(os.getenv("PAD"))) or ""
local path = os.getenv("UPATH") or "/"
local mode = os.getenv("UMODE") or "query"
function setup(thread) thread:set("tid", counter); counter = counter + 1 end
function init(args) n = 0; math.randomseed(os.time() + tid * 7919) end
function request()
  n = n + 1
  local id = tid .. "-" .. n .. "-" .. math.random(1, 1e9) .. pad
  if mode == "path" then return wrk.format("GET", path .. "-" .. id) end
  return wrk.format("GET", path .. "?x=" .. id)
end
