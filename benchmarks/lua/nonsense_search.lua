-- Each request: a new 200-character query of made-up 7-9 letter words (the fuzzy and
-- spelling-correction path of search), as in the November attack review.
local counter = 0
local base = os.getenv("SPATH") or "/api/v1/search?q="
local letters = {"a","b","c","d","e","g","h","i","k","l","m","n","o","p","q","r","s","t","u","v","x","y"}
function setup(thread) thread:set("tid", counter); counter = counter + 1 end
function init(args) math.randomseed(os.time() + tid * 15485863) end
function request()
  local out, len = {}, 0
  while len < 190 do
    local wl, w = math.random(7, 9), {}
    for i = 1, wl do w[i] = letters[math.random(#letters)] end
    out[#out + 1] = table.concat(w); len = len + wl + 1
  end
  return wrk.format("GET", base .. table.concat(out, "+"))
end
