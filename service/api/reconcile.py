"""The W3C / OpenRefine entity reconciliation service."""
from fastapi import APIRouter

router = APIRouter(prefix="/v1/reconcile", tags=["reconcile"])
