"""The embedded default: the model file (`modelfile`: fetched, hash-checked), its llama.cpp
server on loopback (`server`) and a short timed completion that proves it runs (`check`)."""
