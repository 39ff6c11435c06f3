-- wrk: each request asks for a line of the file named by $PATHS, picked at random (seeded, so
-- runs are alike). Used by bench/serve.sh and bench/serve_datasette.sh.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
math.randomseed(7)
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
